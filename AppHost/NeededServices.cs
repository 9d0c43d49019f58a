using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.AppHost;

/// <summary>
/// Which Services of the manifests get a stand-in listener: the ones the probed gateway sends traffic to. Those are
/// the backends the matrix counts tries at, and the workloads the mesh checks inspect (Probes' <c>RoutedWorkloads</c>
/// takes the same resolved backends), so the dataplane is built for them too. A Service nothing routes to starts
/// nothing: no listener, no sidecar, no ztunnel entry with an app behind it.
/// </summary>
public static class NeededServices
{
    /// <summary>Every resolved backend of the gateway's routes (each backend of a weighted split), and every mirror's destination.</summary>
    public static IReadOnlySet<NamespacedName> Of(GatewayRouting routing) =>
        routing.Routes
            .SelectMany(route => route.Backends.Where(b => b.State == BackendState.Resolved).Select(b => b.Destination.ServiceName)
                .Concat(route.Actions.Mirrors.Select(m => m.Destination.ServiceName)))
            .ToHashSet();
}
