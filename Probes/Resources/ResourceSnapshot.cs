using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Audit;

namespace AmbientVerify.Probes.Resources;

/// <summary>The kinds of component a snapshot counts, spelled once (also the <c>component</c> metric label).</summary>
public static class ComponentKinds
{
    /// <summary>An injected <c>istio-proxy</c>, one per pod.</summary>
    public const string Sidecar = "sidecar";

    /// <summary>ztunnel, one per node (DaemonSet).</summary>
    public const string Ztunnel = "ztunnel";

    /// <summary>The istio-cni node agent, one per node (DaemonSet).</summary>
    public const string IstioCni = "istio-cni";

    /// <summary>The ingress gateway's pod(s).</summary>
    public const string Gateway = "gateway";

    /// <summary>A pod's own containers (the same in both modes; shown, never counted as dataplane).</summary>
    public const string Workload = "workload";

    /// <summary>The kinds that make up the dataplane (what the migration adds or removes).</summary>
    public static readonly IReadOnlyList<string> Dataplane = [Sidecar, Ztunnel, IstioCni];

    public static readonly IReadOnlyList<string> All = [Sidecar, Ztunnel, IstioCni, Gateway, Workload];
}

/// <summary>
/// Measured use of one component over a window. CPU in cores (1.0 = one core busy), memory in bytes (RSS).
/// </summary>
/// <param name="Source">Where the figures came from, e.g. "local process 1234 (.NET stand-in, not Envoy)".</param>
/// <param name="Incomplete">Why the window is not whole (the process exited mid-window); null when it is. Never silently zero.</param>
public sealed record ResourceUsage(
    double CpuAvgCores,
    double CpuPeakCores,
    long MemoryAvgBytes,
    long MemoryPeakBytes,
    int Samples,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Source,
    string? Incomplete = null);

/// <summary>One component of a snapshot.</summary>
/// <param name="Kind">One of <see cref="ComponentKinds"/>.</param>
/// <param name="Name">The pod (sidecar, workload), "node-&lt;i&gt;" (ztunnel, istio-cni) or the gateway's name.</param>
/// <param name="Requests">Unset fields are null (e.g. a gateway that is not rendered).</param>
/// <param name="Limits">Unset fields are null (the ztunnel and istio-cni charts set none).</param>
/// <param name="Note">Where the figures came from or why they are missing, in words.</param>
public sealed record ResourceComponent(
    string Kind,
    string Name,
    string? Namespace,
    string? Workload,
    ResourceAmounts Requests,
    ResourceAmounts Limits,
    ResourceUsage? Usage = null,
    string? Note = null);

/// <summary>Latency quantiles of one load scenario, in seconds.</summary>
public sealed record LatencyFigures(double P50, double P75, double P95, double P99, double P999, double Max, double Mean);

/// <summary>One load scenario's outcome (LoadTests fill these).</summary>
public sealed record LoadFigures(string Scenario, double Rps, long Ok, long Fail, LatencyFigures Latency);

/// <summary>
/// What the dataplane of one mode costs: requests and limits (from the manifests and Istio's defaults), optionally
/// measured usage and load figures. Written as a versioned JSON file by <see cref="ResourceSnapshotFile"/>.
/// </summary>
/// <param name="Source">"manifests" and where usage came from: "local mesh (.NET stand-ins)", later "cluster".</param>
/// <param name="Manifests">The manifests directory the requests were read from.</param>
/// <param name="Assumptions">Every assumption in a sentence: defaults used and where they come from, what was detected.</param>
public sealed record ResourceSnapshot(
    MeshMode Mode,
    DateTimeOffset TakenAt,
    string Source,
    string Manifests,
    int NodeCount,
    IReadOnlyList<string> Assumptions,
    IReadOnlyList<ResourceComponent> Components)
{
    public const string DocumentKind = "ambientverify-resource-snapshot";
    public const int CurrentSchemaVersion = 1;

    // First in the file, so a reader (and the version check) sees what the document is before anything else.
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)]
    public string Kind { get; init; } = DocumentKind;

    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Load figures per scenario; empty when no load was run.</summary>
    public IReadOnlyList<LoadFigures> Load { get; init; } = [];

    public IEnumerable<ResourceComponent> OfKind(string kind) => Components.Where(c => c.Kind == kind);
}
