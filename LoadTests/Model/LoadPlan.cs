namespace AmbientVerify.LoadTests.Model;

/// <summary>The scenarios of a run, run one after the other (so each has the gateway to itself), and the run's mode label.</summary>
/// <param name="Mode">Labels the run in reports and metrics: "sidecar", "ambient" or "unknown".</param>
/// <param name="Concurrency">The in-flight request cap, also the connection pool size.</param>
public sealed record LoadPlan(IReadOnlyList<LoadScenario> Scenarios, string Mode, int Concurrency)
{
    public const string UnknownMode = "unknown";

    public TimeSpan Duration => Scenarios.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);
}
