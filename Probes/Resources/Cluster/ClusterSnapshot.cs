using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cluster;
using k8s;

namespace AmbientVerify.Probes.Resources.Cluster;

/// <summary>How a cluster snapshot is taken: namespace, mode (null = as detected), sampling, and where usage comes from.</summary>
/// <param name="Prometheus">Prometheus' base URL; null = the metrics-server (metrics.k8s.io).</param>
public sealed record ClusterSnapshotRequest(ClusterTarget Target, MeshMode? Mode, TimeSpan Duration, TimeSpan Interval, Uri? Prometheus = null)
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);
}

/// <summary>A snapshot, and the warnings to print (usage not measured, a mode that differs from what the cluster shows).</summary>
public sealed record ClusterSnapshotResult(ResourceSnapshot Snapshot, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>snapshot --target cluster</c>: a <see cref="ResourceSnapshot"/> (the same file format as from manifests, so
/// <c>compare</c> works on it) of the live pods: requests and limits from their specs (<see cref="ClusterInventory"/>),
/// usage sampled from the metrics-server or Prometheus (<see cref="ClusterUsageSampler"/>).
/// </summary>
public static class ClusterSnapshot
{
    public const string Source = "cluster";

    /// <exception cref="ClusterAccessException">A read was refused or the cluster / Prometheus could not be reached; or the mode cannot be told.</exception>
    public static async Task<ClusterSnapshotResult> TakeAsync(IKubernetes client, ClusterSnapshotRequest request, HttpClient http, TimeProvider time, CancellationToken cancellationToken)
    {
        var ns = request.Target.Namespace;
        var takenAt = time.GetUtcNow();
        var inventory = await ClusterInventory.ReadAsync(client, ns, cancellationToken).ConfigureAwait(false);
        var warnings = new List<string>();
        var assumptions = inventory.Assumptions.ToList();
        MeshMode mode;
        if (request.Mode is { } given)
        {
            mode = given;
            if (inventory.DetectedMode is { } detected && detected != given)
            {
                warnings.Add($"--mode {Name(given)}, but the cluster looks {Name(detected)}: {inventory.Detection}");
            }

            assumptions.Add($"Mode {Name(given)} as given (--mode); the cluster shows: {inventory.Detection}.");
        }
        else
        {
            mode = inventory.DetectedMode ?? throw new ClusterAccessException(
                $"cannot tell the mesh mode of namespace {ns}: {inventory.Detection}; pass --mode sidecar|ambient");
            assumptions.Add($"Mode {Name(mode)} detected: {inventory.Detection}.");
        }

        var namespaces = new[] { ns, Manifests.Topology.IstioMetadata.RootNamespace }.Distinct().ToList();
        IContainerUsageSource source = request.Prometheus is { } prometheus
            ? new PrometheusUsageSource(http, prometheus, namespaces)
            : new MetricsServerUsageSource(client, namespaces);
        var sampler = new ClusterUsageSampler(source, time);
        var components = inventory.Components.Select(c => c.Component).ToList();
        var usageSource = "";
        try
        {
            await sampler.SampleAsync(request.Duration, request.Interval, cancellationToken).ConfigureAwait(false);
            components = [.. inventory.Components.Select(c => c.Component with { Usage = sampler.UsageOf(c) })];
            assumptions.Add($"Usage from {source.Description}: {sampler.SampleCount} sample(s), every {Manifests.Durations.Format(request.Interval)} over {Manifests.Durations.Format(request.Duration)}; "
                            + "average and peak per component of the samples (the metrics-server's CPU is itself a rate over its own window).");
            usageSource = $" + usage from {source.Description}";
        }
        catch (UsageNotMeasuredException e)
        {
            warnings.Add(e.Message);
            assumptions.Add($"Usage not measured: {e.Message}.");
        }

        var snapshot = new ResourceSnapshot(mode, takenAt, $"{Source} ({request.Target}){usageSource}", $"{Source}: {request.Target}",
            inventory.NodeCount, assumptions, components);
        return new ClusterSnapshotResult(snapshot, warnings);
    }

    private static string Name(MeshMode mode) => mode.ToString().ToLowerInvariant();
}
