using AmbientVerify.TestSupport;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Verdicts;

public class CaseJudgeTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(20);

    private static CheckResult Judge(AmbientVerify.Manifests.Routing.GatewayRoute route, string caseName, ProbeOutcome outcome) =>
        CaseJudge.Judge(route, Matrix.Case(caseName), outcome, Matrix.Defaults);

    [Fact]
    public void Observation_meeting_the_expectation_passes()
    {
        var result = Judge(Routes.Legacy(), "500 is retried until success", ProbeOutcome.Observed(new Observation(200, 4, Quick)));

        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public void Expressible_case_that_misses_fails()
    {
        var result = Judge(Routes.AsPlanned(), "500 is retried until success", ProbeOutcome.Observed(new Observation(500, 1, Quick)));

        Assert.Equal(Verdict.Fail, result.Verdict);
    }

    [Fact]
    public void Fail_message_shows_expected_observed_and_remedy()
    {
        var result = Judge(Routes.AsPlanned(), "500 is retried until success", ProbeOutcome.Observed(new Observation(500, 1, Quick)));

        Assert.Equal(
            "expected status 200 and 4 tries; got status 500 after 1 try in 0.02s (status 500 instead of 200, 1 try instead of 4). " +
            "Remedy: annotation retry.istio.io/attempts is not read by Istio (nor retry.istio.io/per-try-timeout, retry.istio.io/retry-on): " +
            "use spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}",
            result.Message);
    }

    [Fact]
    public void Reset_not_retried_on_an_HTTPRoute_is_a_gap_with_its_reason()
    {
        var result = Judge(Routes.CorrectedAmbient(), "a reset is retried", ProbeOutcome.Observed(new Observation(503, 1, Quick)));

        Assert.Equal(Verdict.Gap, result.Verdict);
        Assert.Contains("cannot retry a reset", result.Message);
    }

    [Fact]
    public void Stalled_try_not_retried_on_an_HTTPRoute_is_a_gap()
    {
        var result = Judge(Routes.CorrectedAmbient(), "a stalled try is retried",
            ProbeOutcome.Observed(new Observation(200, 1, TimeSpan.FromSeconds(12))));

        Assert.Equal(Verdict.Gap, result.Verdict);
    }

    [Fact]
    public void Gap_case_that_happens_to_meet_the_expectation_passes()
    {
        var result = Judge(Routes.CorrectedAmbient(), "a reset is retried", ProbeOutcome.Observed(new Observation(200, 4, Quick)));

        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public void Reset_not_retried_on_a_VirtualService_is_a_fail_not_a_gap()
    {
        var result = Judge(Routes.Legacy(), "a reset is retried", ProbeOutcome.Observed(new Observation(503, 1, Quick)));

        Assert.Equal(Verdict.Fail, result.Verdict);
    }

    [Fact]
    public void Unreachable_gateway_is_an_error()
    {
        var result = Judge(Routes.Legacy(), "route answers through the gateway", ProbeOutcome.CouldNotLook("connection refused"));

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Contains("connection refused", result.Message);
    }

    [Fact]
    public void Answer_without_any_try_at_the_backend_is_an_error_even_when_the_status_matches()
    {
        var result = Judge(Routes.Legacy(), "route answers through the gateway", ProbeOutcome.Observed(new Observation(200, 0, Quick)));

        Assert.Equal(Verdict.Error, result.Verdict);
    }

    [Fact]
    public void Results_carry_the_check_route_case_and_expected_values()
    {
        var result = Judge(Routes.Legacy(), "500 is retried until success", ProbeOutcome.Observed(new Observation(200, 4, Quick)));

        Assert.Equal((BehaviourMatrix.CheckName, "customer-service", "500 is retried until success", (int?)200, (int?)4),
            (result.Check, result.Route, result.Case, result.Expected!.Status, result.Expected.Tries));
    }
}
