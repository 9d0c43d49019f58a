using AmbientVerify.Manifests;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// What a reloaded table routes to that the running gateway cannot reach the way Istio would: a Service without a
/// <c>LocalMesh:Backends</c> URL (its tries answer 503 <c>no healthy upstream</c>), and — when the gateway dials through
/// a ztunnel or sidecars — a Service whose pods the dataplane never heard of.
/// </summary>
/// <remarks>
/// The local dataplane builds its topology (pods, identities, capture) once, from the manifests it started with; it is
/// not told about pods that appear later. In a cluster istiod would push the new pods to ztunnel and the gateway would
/// dial them over HBONE (or, outside the mesh, in plaintext). Here such a Service is dialled in plaintext at its
/// <c>LocalMesh:Backends</c> URL, like a pod outside the mesh (<see cref="MeshDialer.NextPod"/> finds no pod, so
/// <see cref="MeshPodSelectionHandler"/> leaves the try addressed to the app): routing, retries and timeouts are the
/// gateway's and behave the same; only mTLS evidence (ztunnel's <c>istio_tcp_*</c>) will not show it.
/// </remarks>
public static class RouteTableReloadWarnings
{
    /// <param name="dataplane">The topology the gateway dials through; null when it dials every Service in plaintext anyway.</param>
    public static IReadOnlyList<string> For(RouteTable table, BackendResolver backends, Manifests.Topology.MeshTopology? dataplane)
    {
        var services = table.Routes
            .SelectMany(route => route.Route.Backends.Select(b => b.Destination.ServiceName)
                .Concat(route.Route.Actions.Mirrors.Select(m => m.Destination.ServiceName)))
            .Distinct()
            .OrderBy(service => service.ToString(), StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var service in services)
        {
            if (backends.Resolve(service) is null)
            {
                warnings.Add($"Service {service} has no {LocalMeshKeys.Backend(service)} URL: its tries answer 503 no healthy upstream; "
                             + "set it when the gateway starts (the setting is read per request).");
            }

            if (dataplane is not null && dataplane.ForService(service.Name, service.Namespace) is not { Pods.Count: > 0 })
            {
                warnings.Add($"Service {service} is not in the dataplane's topology (built from the manifests at start): "
                             + "the gateway dials it in plaintext at its backend URL, not through the ztunnel or a sidecar; restart the local mesh to capture it.");
            }
        }

        return warnings;
    }
}
