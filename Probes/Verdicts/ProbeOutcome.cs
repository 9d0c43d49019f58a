using AmbientVerify.Probes.Cases;

namespace AmbientVerify.Probes.Verdicts;

/// <summary>What running a probe produced: an observation, or the reason nothing could be observed.</summary>
public sealed record ProbeOutcome(Observation? Observation, string? Problem)
{
    public static ProbeOutcome Observed(Observation observation) => new(observation, null);
    public static ProbeOutcome CouldNotLook(string problem) => new(null, problem);
}
