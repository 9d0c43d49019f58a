using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;

namespace AmbientVerify.Probes.Verdicts;

/// <summary>Turns what a probe saw into a verdict: pass, fail (with remedy), gap (with reason) or error.</summary>
public static class CaseJudge
{
    /// <param name="routeLabel">How reports name the route (the result's <see cref="Subject"/>); defaults to the route's object name.</param>
    public static CheckResult Judge(GatewayRoute route, ProbeCase probeCase, ProbeOutcome outcome, ExpectationOptions expected, string? routeLabel = null)
    {
        var expectedValues = probeCase.Expect.Values;
        CheckResult Result(Verdict verdict, string message, Observation? observed = null, string? remedy = null) =>
            new(BehaviourMatrix.CheckName, routeLabel is null ? Subject.Route(route) : Subject.Route(routeLabel), probeCase.Id, probeCase.Name, verdict, message,
                expectedValues, observed, remedy, probeCase.Needs.Id());

        if (outcome.Observation is not { } observed)
        {
            return Result(Verdict.Error, $"could not look: {outcome.Problem ?? "no observation"}");
        }

        // An answer without any try at the backend means the path does not lead to the fault backend:
        // whatever the status, nothing about the route's policy was observed.
        if (observed.Tries <= 0)
        {
            return Result(Verdict.Error,
                $"could not look: the gateway answered {observed.Status} but the fault backend saw no try: the route's backend is not a FaultTarget behind this path",
                observed);
        }

        var mismatches = probeCase.Expect.Mismatches(observed);
        if (mismatches.Count == 0)
        {
            return Result(Verdict.Pass, $"{observed}, as expected", observed);
        }

        var whatHappened = $"expected {probeCase.Expect.Description}; got {observed} ({string.Join(", ", mismatches)})";
        if (RouteCapabilities.Limitation(route, probeCase.Needs) is { } reason)
        {
            return Result(Verdict.Gap, $"{reason}; {whatHappened}", observed);
        }

        var remedy = Remedies.For(route, probeCase, expected);
        return Result(Verdict.Fail, $"{whatHappened}. Remedy: {remedy}", observed, remedy);
    }
}
