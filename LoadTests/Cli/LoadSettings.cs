using AmbientVerify.LoadTests.Limits;

namespace AmbientVerify.LoadTests.Cli;

/// <summary>A load run as the command line asked for it, every value parsed and checked for form (limits are checked on the plan).</summary>
public sealed record LoadSettings
{
    public required Uri Gateway { get; init; }
    public required string ManifestsDirectory { get; init; }
    /// <summary>Which Gateway of the manifests is the ingress (null: the one with the most routes).</summary>
    public string? GatewayName { get; init; }
    /// <summary>"shop" (default), "route" (one scenario per route, one after the other), or one scenario's name.</summary>
    public string Scenario { get; init; } = "shop";
    public bool OpenModel { get; init; } = true;
    public int Rate { get; init; } = 200;
    public int Copies { get; init; } = 10;
    public int Concurrency { get; init; } = 100;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Ramp { get; init; } = TimeSpan.Zero;
    public string Mode { get; init; } = "unknown";
    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "load");
    public IReadOnlyDictionary<string, int> Weights { get; init; } = new Dictionary<string, int>();
    public LoadLimits Limits { get; init; } = LoadLimits.Default;
    /// <summary>URLs that must answer 2xx before anything is sent (the AppHost starts the mesh beside the load).</summary>
    public IReadOnlyList<Uri> WaitReady { get; init; } = [];
    /// <summary>Write the mode's resource snapshot beside the load reports (<see cref="Snapshots.LocalSnapshot"/>).</summary>
    public bool Snapshot { get; init; }
    /// <summary>The processes whose usage the snapshot samples (each answers <c>/__process</c>).</summary>
    public IReadOnlyList<Uri> Processes { get; init; } = [];
    /// <summary>What the snapshot assumes of the cluster: nodes, ztunnel and istio-cni per node, istio-cni before.</summary>
    public AmbientVerify.Probes.Resources.DataplaneSizing Sizing { get; init; } = new();
}
