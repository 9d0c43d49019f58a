using AmbientVerify.Probes.Model;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Cases;

/// <summary>One row of the behaviour matrix.</summary>
/// <param name="Id">
/// The stable id reports, JUnit, metrics and tests key on ("status-500-retried-until-success"): kebab-case, unique in
/// the matrix, written beside the sentence rather than derived from it, and free of values that follow the options
/// (a number of tries), so neither rewording nor other options change it.
/// </param>
/// <param name="Name">The case as a sentence: "500 is retried until success".</param>
/// <param name="Fault">What the backend is told to do.</param>
/// <param name="Needs">What the route must be able to express for the case to be a fail rather than a gap.</param>
/// <param name="Expect">The expectation, built from <see cref="Model"/>.</param>
/// <param name="Model">The router model's outcome under the expected policy (also orders the run: long cases first).</param>
public sealed record ProbeCase(string Id, string Name, FaultInstruction Fault, Capability Needs, Expectation Expect, ExpectedOutcome Model)
{
    public string Id { get; init => field = CheckCase.ThrowIfInvalidId(value); } = CheckCase.ThrowIfInvalidId(Id);

    public override string ToString() => $"{Id}: {Name}";
}
