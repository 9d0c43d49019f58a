using Microsoft.Extensions.Time.Testing;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Resources;
using AmbientVerify.TestSupport;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>Snapshots of the samples and hand-made components for the resource tests.</summary>
internal static class Snapshots
{
    public const long Mi = 1024 * 1024;

    public static readonly DateTimeOffset TakenAt = new(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<MeshManifests> SidecarSample = new(() => MeshManifests.LoadDirectory(Repository.Sample("sidecar")));
    private static readonly Lazy<MeshManifests> AmbientSample = new(() => MeshManifests.LoadDirectory(Repository.Sample("ambient")));

    public static ResourceSnapshot Sidecar(int nodes = 3, bool beforeRanCni = false) =>
        ResourceSnapshotBuilder.FromManifests(SidecarSample.Value, MeshMode.Sidecar, new DataplaneSizing { Nodes = nodes, BeforeStateRanCni = beforeRanCni }, new FakeTimeProvider(TakenAt));

    public static ResourceSnapshot Ambient(int nodes = 3) =>
        ResourceSnapshotBuilder.FromManifests(AmbientSample.Value, MeshMode.Ambient, new DataplaneSizing { Nodes = nodes }, new FakeTimeProvider(TakenAt));

    public static ResourceUsage Usage(double cpu, long memory, string? incomplete = null) =>
        new(cpu, cpu * 2, memory, memory * 2, 10, TakenAt, TakenAt.AddMinutes(1), "local process 1 (.NET stand-in, not Envoy)", incomplete);

    /// <summary>The snapshot with the same usage on every component of <paramref name="kind"/>.</summary>
    public static ResourceSnapshot WithUsage(ResourceSnapshot snapshot, string kind, ResourceUsage usage) =>
        snapshot with { Components = [.. snapshot.Components.Select(c => c.Kind == kind ? c with { Usage = usage } : c)] };

    public static LoadFigures Load(string scenario, double rps, double p50) =>
        new(scenario, rps, 1000, 2, new LatencyFigures(p50, p50 * 1.2, p50 * 2, p50 * 3, p50 * 4, p50 * 5, p50 * 1.1));
}
