namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// Picks the pod for every upstream try, as Envoy picks a host per request (and a retry goes to the next host):
/// the try is addressed to the pod (<c>http://&lt;pod&gt;.&lt;namespace&gt;:&lt;port&gt;</c>) so each pod has a connection
/// pool of its own, and the <see cref="MeshDialer"/> opens that pool's connections through the pod's dataplane.
/// </summary>
/// <remarks>
/// Without it a pod was chosen only when a try needed a new connection, so a keep-alive connection kept one pod.
/// The Host header is set explicitly on every try (<see cref="UpstreamRequestFactory"/>), so the rewritten address
/// never reaches the app.
/// </remarks>
public sealed class MeshPodSelectionHandler(MeshDialer dialer, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(MeshDialer.ServiceKey, out var service) && dialer.NextPod(service) is { } pod)
        {
            request.Options.Set(MeshDialer.PodKey, pod);
            if (dialer.DialsThroughDataplane(pod) && request.RequestUri is { } address)
            {
                request.RequestUri = new UriBuilder(address) { Host = $"{pod.Name}.{pod.Namespace}" }.Uri;
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
