namespace AmbientVerify.Probes.Running;

/// <summary>
/// What must answer before the first probe: for an orchestrator (the AppHost, a pipeline that port-forwards) that
/// starts the target beside the probes. Without URLs the run starts at once, as before.
/// </summary>
public sealed class ReadinessOptions
{
    /// <summary>URLs that must each answer 2xx (e.g. every process's <c>/health</c>). Default: none.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    /// <summary>How long to wait for all of them before the run cannot start (exit 2). Default 60s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one question may take before it counts as "no answer" (a process that accepted but hangs). Default 2s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Pause between rounds of asking the ones not ready yet. Default 200ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
