using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Running;

/// <summary>The one result a route with <c>expect: none</c> gets in place of its behaviour matrix.</summary>
public static class SkippedRoute
{
    /// <remarks>
    /// The verdict is <see cref="Verdict.Gap"/>. Not pass: nothing about the route's behaviour was shown, and a pass
    /// would count it among the verified routes. Gaps are counted apart from passes in every report, and
    /// <c>--strict</c>, which asks for everything to be verified, fails the gate on one (GateExitCode.For). Not fail or
    /// error: skipping is the user's written decision, not a defect of the mesh, and an error (the harness could not
    /// look) always exits 2, which would make <c>expect: none</c> unusable in a gate.
    /// </remarks>
    public static CheckResult Result(string routeLabel, RouteExpectations expectations) =>
        new(BehaviourMatrix.CheckName, Subject.Route(routeLabel), BehaviourMatrix.Skipped, Verdict.Gap,
            $"not probed: the expectations say expect: none for this route ({expectations.Source}), so no case of the behaviour matrix was run");
}
