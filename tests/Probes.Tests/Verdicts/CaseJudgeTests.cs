using AmbientVerify.TestSupport;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Verdicts;

public class CaseJudgeTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(20);

    private static CheckResult Judge(AmbientVerify.Manifests.Routing.GatewayRoute route, string caseId, ProbeOutcome outcome) =>
        CaseJudge.Judge(route, Matrix.Case(caseId), outcome, Matrix.Defaults);

    [Fact]
    public void Observation_meeting_the_expectation_passes()
    {
        var result = Judge(Routes.Legacy(), "status-500-retried-until-success", ProbeOutcome.Observed(new Observation(200, 4, Quick)));

        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public void Expressible_case_that_misses_fails()
    {
        var result = Judge(Routes.AsPlanned(), "status-500-retried-until-success", ProbeOutcome.Observed(new Observation(500, 1, Quick)));

        Assert.Equal(Verdict.Fail, result.Verdict);
    }

    [Fact]
    public void Fail_message_shows_expected_observed_and_remedy()
    {
        var result = Judge(Routes.AsPlanned(), "status-500-retried-until-success", ProbeOutcome.Observed(new Observation(500, 1, Quick)));

        Assert.Equal(
            "expected status 200 and 4 tries; got status 500 after 1 try in 0.02s (status 500 instead of 200, 1 try instead of 4). " +
            "Remedy: annotation retry.istio.io/attempts is not read by Istio (nor retry.istio.io/per-try-timeout, retry.istio.io/retry-on): " +
            "use spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}",
            result.Message);
    }

    [Fact]
    public void Reset_not_retried_on_an_HTTPRoute_is_a_gap_with_its_reason()
    {
        var result = Judge(Routes.CorrectedAmbient(), "reset-retried", ProbeOutcome.Observed(new Observation(503, 1, Quick)));

        Assert.Equal(Verdict.Gap, result.Verdict);
        Assert.Contains("cannot retry a reset", result.Message);
    }

    [Fact]
    public void Stalled_try_not_retried_on_an_HTTPRoute_is_a_gap()
    {
        var result = Judge(Routes.CorrectedAmbient(), "stalled-try-retried",
            ProbeOutcome.Observed(new Observation(200, 1, TimeSpan.FromSeconds(12))));

        Assert.Equal(Verdict.Gap, result.Verdict);
    }

    [Fact]
    public void Gap_case_that_happens_to_meet_the_expectation_passes()
    {
        var result = Judge(Routes.CorrectedAmbient(), "reset-retried", ProbeOutcome.Observed(new Observation(200, 4, Quick)));

        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public void Reset_not_retried_on_a_VirtualService_is_a_fail_not_a_gap()
    {
        var result = Judge(Routes.Legacy(), "reset-retried", ProbeOutcome.Observed(new Observation(503, 1, Quick)));

        Assert.Equal(Verdict.Fail, result.Verdict);
    }

    [Fact]
    public void Unreachable_gateway_is_an_error()
    {
        var result = Judge(Routes.Legacy(), "route-answers", ProbeOutcome.CouldNotLook("connection refused"));

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Contains("connection refused", result.Message);
    }

    [Fact]
    public void Answer_without_any_try_at_the_backend_is_an_error_even_when_the_status_matches()
    {
        var result = Judge(Routes.Legacy(), "route-answers", ProbeOutcome.Observed(new Observation(200, 0, Quick)));

        Assert.Equal(Verdict.Error, result.Verdict);
    }

    [Fact]
    public void Results_carry_the_check_route_case_and_expected_values()
    {
        var result = Judge(Routes.Legacy(), "status-500-retried-until-success", ProbeOutcome.Observed(new Observation(200, 4, Quick)));

        Assert.Equal((BehaviourMatrix.CheckName, new Subject("Route", "customer-service"), (int?)200, (int?)4),
            (result.Check, result.Subject, result.Expected!.Status, result.Expected.Tries));
    }

    [Fact]
    public void Results_carry_the_case_id_beside_its_sentence_and_the_capability_it_needs()
    {
        var result = Judge(Routes.Legacy(), "status-500-retried-until-success", ProbeOutcome.Observed(new Observation(200, 4, Quick)));

        Assert.Equal(("status-500-retried-until-success", "500 is retried until success", "retry-on-status"),
            (result.CaseId, result.Case, result.Capability));
    }

    [Fact]
    public void A_case_that_needs_no_capability_has_none()
    {
        var result = Judge(Routes.Legacy(), "route-answers", ProbeOutcome.Observed(new Observation(200, 1, Quick)));

        Assert.Null(result.Capability);
    }

    [Fact]
    public void The_route_label_names_the_subject()
    {
        var result = CaseJudge.Judge(Routes.Legacy(), Matrix.Case("route-answers"),
            ProbeOutcome.Observed(new Observation(200, 1, Quick)), Matrix.Defaults, "customer-service /api/customers");

        Assert.Equal(("Route", "customer-service /api/customers", "customer-service /api/customers"),
            (result.Subject.Kind, result.Subject.Name, result.Subject.ToString()));
    }
}
