namespace AmbientVerify.LoadTests.Model;

/// <summary>
/// A named mix of requests (<see cref="Steps"/>, chosen by weight) under a sequence of load simulations, all of the open
/// model or all of the closed one. The first <see cref="WarmUp"/> of the timeline warms connections and the server's
/// caches and is left out of the statistics.
/// </summary>
public sealed record LoadScenario(
    string Name,
    IReadOnlyList<LoadStep> Steps,
    IReadOnlyList<LoadSimulation> Simulations,
    TimeSpan WarmUp)
{
    /// <summary>The whole timeline, warm-up included.</summary>
    public TimeSpan Duration => Simulations.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.During);

    /// <summary>The part of the timeline the statistics describe.</summary>
    public TimeSpan MeasuredDuration => Duration - WarmUp;

    public bool IsOpen => Simulations.Count > 0 && Simulations[0].IsOpen;
}
