using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks;

/// <summary>A Service the main gateway routes to, the routes that lead there, and the workload behind it.</summary>
/// <param name="Workload">The Deployment whose pods serve it; null when the inspector knows none (checks say error).</param>
public sealed record RoutedService(string Namespace, string Service, IReadOnlyList<string> Routes, MeshWorkload? Workload)
{
    /// <summary>How reports name it: the workload when known, else the Service.</summary>
    public string Label => Workload?.Label ?? $"Service {Namespace}/{Service}";

    /// <summary>What results about it are about: the workload when known, else the Service.</summary>
    public Subject Subject => Workload?.Subject ?? Subject.Service(Namespace, Service);

    /// <summary>The error text when no workload backs the Service.</summary>
    public string NoWorkload =>
        $"could not look: no Deployment backs Service {Namespace}/{Service} (routed by {string.Join(", ", Routes)}), so it has no pods to inspect";
}

/// <summary>The mesh checks look at the workloads the gateway's routes lead to: the ones the probe traffic reaches.</summary>
public static class RoutedWorkloads
{
    public static async Task<IReadOnlyList<RoutedService>> ResolveAsync(
        IReadOnlyList<GatewayRoute> routes, IMeshInspector inspector, CancellationToken cancellationToken)
    {
        var workloads = await inspector.GetWorkloadsAsync(cancellationToken).ConfigureAwait(false);
        return routes
            .GroupBy(route => (Namespace: BackendNamespace(route), route.BackendService))
            .Select(g => new RoutedService(
                g.Key.Namespace,
                g.Key.BackendService,
                g.Select(r => r.Name).ToList(),
                workloads.FirstOrDefault(w => w.Namespace == g.Key.Namespace && w.ServiceName == g.Key.BackendService)))
            .OrderBy(s => s.Namespace, StringComparer.Ordinal)
            .ThenBy(s => s.Service, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>An HTTPRoute backendRef's namespace (default the route's); a VirtualService host's "name.namespace..." part (default the VirtualService's).</summary>
    public static string BackendNamespace(GatewayRoute route)
    {
        if (route.Kind == RouteKind.HTTPRoute)
        {
            return route.HttpRouteRule?.BackendRefs.FirstOrDefault()?.Namespace ?? route.Source.Namespace;
        }

        var host = route.VirtualServiceRoute?.Destinations.FirstOrDefault()?.Host ?? "";
        var parts = host.Split('.');
        return parts.Length > 1 && parts[1].Length > 0 ? parts[1] : route.Source.Namespace;
    }
}
