using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// Envoy's request mirroring (<c>request_mirror_policies</c>, from HTTPRoute RequestMirror / VirtualService mirror):
/// a copy of the request as the route sends it (rewritten, header edits applied: Envoy <c>router.cc</c>
/// <c>maybeDoShadowing</c> copies the finalized headers) goes to the mirror Service and its answer is thrown away. Its
/// authority gets Envoy's "-shadow" suffix only where Istio leaves Envoy's default (before 1.28, see
/// <see cref="Manifests.Versions.IstioVersion.AppendsShadowHostSuffix"/>). The copy never delays or changes the real
/// request, and is not one of its tries.
/// </summary>
public sealed class RequestMirrors(HttpMessageInvoker upstream, BackendResolver backends, ITrafficRandom random, RouteTableSource routes, ILogger<RequestMirrors> logger)
{
    public const string ShadowSuffix = "-shadow";

    public void Send(MeshRoute route, BufferedRequest request)
    {
        // router.cc decodeData: a body over the buffer limit gives up on the retry/shadow.
        if (request.RetryBufferOverflowed)
        {
            return;
        }

        foreach (var mirror in route.Route.Actions.Mirrors)
        {
            if (!TrafficChoices.Applies(mirror.Percent, random) || backends.Resolve(mirror.Destination.ServiceName) is not { } backend)
            {
                continue;
            }

            var shadow = routes.Current.Routing.Versions.Istio.AppendsShadowHostSuffix
                ? request.With(request.PathAndQuery, ShadowAuthority(request.Host), request.Headers)
                : request;
            _ = Task.Run(async () =>
            {
                try
                {
                    using var message = UpstreamRequestFactory.Create(shadow, backend, attempt: 1);
                    message.Options.Set(MeshDialer.ServiceKey, mirror.Destination.ServiceName);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    using var response = await upstream.SendAsync(message, timeout.Token);
                }
                catch (Exception error) when (error is HttpRequestException or OperationCanceledException or IOException)
                {
                    logger.LogDebug("Mirror of {Route} to {Service} failed: {Error}", route.Label, mirror.Destination.QualifiedService, error.Message);
                }
            });
        }
    }

    /// <summary>"api.example.com:8080" → "api.example.com-shadow:8080".</summary>
    public static string ShadowAuthority(string authority)
    {
        var host = Manifests.Routing.HostNames.WithoutPort(authority);
        return host + ShadowSuffix + authority[host.Length..];
    }
}
