namespace AmbientVerify.LoadTests.Engine;

/// <summary>Where a running scenario is, for a live view.</summary>
/// <param name="Elapsed">Since the scenario started, warm-up included.</param>
/// <param name="CurrentRate">Requests completed per second over the last progress interval.</param>
/// <param name="LastFailure">The last failing status or error kind, if any ("503", "error:timeout").</param>
public sealed record LoadProgress(
    string Scenario,
    int ScenarioIndex,
    int ScenarioCount,
    TimeSpan Elapsed,
    TimeSpan Duration,
    bool InWarmUp,
    double CurrentRate,
    long Ok,
    long Fail,
    string? LastFailure);
