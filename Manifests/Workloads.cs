using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests;

/// <summary>The stand-in services to start for a set of manifests: one per Service.</summary>
public static class Workloads
{
    /// <summary>
    /// One <see cref="Workload"/> per Service that has a port, sorted by name: its first port, and the replicas of
    /// the Deployment (same namespace) whose pod labels satisfy the Service selector, else 1.
    /// </summary>
    public static IReadOnlyList<Workload> Resolve(MeshManifests manifests) =>
        manifests.Services
            .Where(service => service.Ports.Count > 0)
            .Select(service =>
            {
                var deployment = BackingDeployment(manifests, service);
                return new Workload(service.Ref.Name, service.Ref.Namespace, service.Ports[0].Port, deployment?.Replicas ?? 1, deployment);
            })
            .OrderBy(w => w.ServiceName, StringComparer.Ordinal)
            .ThenBy(w => w.Namespace, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The Deployment whose pods the Service selects. A Service without a selector selects no pods
    /// (its endpoints are managed by hand), so it has none.
    /// </summary>
    public static DeploymentManifest? BackingDeployment(MeshManifests manifests, ServiceManifest service) =>
        service.Selector.Count == 0
            ? null
            : manifests.Deployments
                .Where(d => d.Ref.Namespace == service.Ref.Namespace)
                .OrderBy(d => d.Ref.Name, StringComparer.Ordinal)
                .FirstOrDefault(d => service.Selector.All(s => d.PodLabels.TryGetValue(s.Key, out var value) && value == s.Value));
}

/// <summary>A stand-in service to start: one per Service that a Deployment backs or a route sends to.</summary>
public sealed record Workload(string ServiceName, string Namespace, int Port, int Replicas, DeploymentManifest? Deployment)
{
    /// <summary>The Service as namespace/name: what stand-ins, backends and resource names are keyed by.</summary>
    public NamespacedName Service => new(Namespace, ServiceName);
}
