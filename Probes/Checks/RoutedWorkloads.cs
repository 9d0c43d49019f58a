using AmbientVerify.Manifests.Routing;
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
    /// <summary>Every resolved backend of <paramref name="routes"/> (a weighted route leads to each of its backends).</summary>
    public static async Task<IReadOnlyList<RoutedService>> ResolveAsync(
        IReadOnlyList<GatewayRoute> routes, IMeshInspector inspector, CancellationToken cancellationToken)
    {
        var workloads = await inspector.GetWorkloadsAsync(cancellationToken).ConfigureAwait(false);
        return routes
            .SelectMany(route => route.Backends.Where(b => b.State == BackendState.Resolved).Select(backend => (Route: route, Backend: backend)))
            .GroupBy(x => (x.Backend.Namespace, x.Backend.Service))
            .Select(g => new RoutedService(
                g.Key.Namespace,
                g.Key.Service,
                g.Select(x => x.Route.Name).Distinct().ToList(),
                workloads.FirstOrDefault(w => w.Namespace == g.Key.Namespace && w.ServiceName == g.Key.Service)))
            .OrderBy(s => s.Namespace, StringComparer.Ordinal)
            .ThenBy(s => s.Service, StringComparer.Ordinal)
            .ToList();
    }
}
