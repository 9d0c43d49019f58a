using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Cases;

/// <summary>One row of the behaviour matrix.</summary>
/// <param name="Name">A sentence: "500 is retried until success".</param>
/// <param name="Fault">What the backend is told to do.</param>
/// <param name="Needs">What the route must be able to express for the case to be a fail rather than a gap.</param>
/// <param name="Expect">The expectation, built from <see cref="Model"/>.</param>
/// <param name="Model">The router model's outcome under the expected policy (also orders the run: long cases first).</param>
public sealed record ProbeCase(string Name, FaultInstruction Fault, Capability Needs, Expectation Expect, ExpectedOutcome Model)
{
    public override string ToString() => Name;
}
