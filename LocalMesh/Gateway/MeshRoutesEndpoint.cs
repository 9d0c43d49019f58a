using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests;
using Microsoft.AspNetCore.Http;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// <c>GET /__mesh/routes</c>: what the gateway was programmed with: for each route its match, source object,
/// backend and translated policy. The local equivalent of <c>istioctl proxy-config routes</c>.
/// </summary>
public static class MeshRoutesEndpoint
{
    public const string Path = "/__mesh/routes";

    /// <summary>Annotation prefix the migration plan used; Istio never reads it, so it is listed as ignored.</summary>
    public const string IgnoredAnnotationPrefix = "retry.istio.io/";

    public static IResult Handle(RouteTable table, BackendResolver backends) => Results.Ok(new
    {
        origin = table.Origin,
        routes = table.Routes.Select(route => Describe(route, backends)).ToList(),
    });

    private static object Describe(MeshRoute mesh, BackendResolver backends)
    {
        var route = mesh.Route;
        var policy = mesh.Policy;
        return new
        {
            name = route.Name,
            kind = route.Kind.ToString(),
            source = route.Source.ToString(),
            match = new { type = route.Path.Type.ToString(), value = route.Path.Value },
            hostnames = route.Hostnames,
            backend = new { service = route.BackendService, port = route.BackendPort, url = backends.Resolve(route.BackendService)?.ToString() },
            policy = new
            {
                routeTimeout = Format(policy.RouteTimeout),
                perTryTimeout = Format(policy.PerTryTimeout),
                // What Envoy applies (router.cc finalTimeout drops a per-try timeout not below the route timeout).
                effectivePerTryTimeout = Format(policy.EffectivePerTryTimeout),
                numRetries = policy.NumRetries,
                maxTries = policy.MaxTries,
                retryOn = RetryOnNames.ToNames(policy.RetryOn),
                retriableStatusCodes = policy.RetriableStatusCodes.Order().ToList(),
                backoffBase = Durations.Format(policy.BackoffBase),
                backoffMax = Durations.Format(policy.BackoffMax),
                avoidsPreviousHosts = policy.AvoidsPreviousHosts,
                retriesRemoteLocalities = policy.RetriesRemoteLocalities,
                istioVersion = policy.IstioVersion.ToString(),
                description = policy.Description,
            },
            ignoredAnnotations = (route.HttpRoute?.Annotations ?? new Dictionary<string, string>())
                .Where(annotation => annotation.Key.StartsWith(IgnoredAnnotationPrefix, StringComparison.Ordinal))
                .ToDictionary(annotation => annotation.Key, annotation => annotation.Value),
        };
    }

    private static string? Format(TimeSpan? duration) => duration is { } value ? Durations.Format(value) : null;
}
