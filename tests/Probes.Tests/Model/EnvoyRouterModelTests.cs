using AmbientVerify.TestSupport;
using AmbientVerify.Probes.Model;
using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Model;

public class EnvoyRouterModelTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    // DESIGN §3, under the legacy VirtualService policy: (case id, status, tries, elapsed min, elapsed max).
    public static TheoryData<string, int, int, double, double> LegacyMatrix => new()
    {
        { "route-answers", 200, 1, 0, 0 },
        { "status-500-retried-until-success", 200, 4, 0, 0.175 },
        { "status-502-retried-until-success", 200, 4, 0, 0.175 },
        { "status-503-retried-until-success", 200, 4, 0, 0.175 },
        { "status-504-retried-until-success", 200, 4, 0, 0.175 },
        { "status-500-returned-after-retries", 500, 4, 0, 0.175 },
        { "status-502-returned-after-retries", 502, 4, 0, 0.175 },
        { "status-503-returned-after-retries", 503, 4, 0, 0.175 },
        { "status-504-returned-after-retries", 504, 4, 0, 0.175 },
        { "reset-retried", 200, 4, 0, 0.175 },
        { "slow-answer-within-per-try-timeout", 200, 1, 5, 5 },
        { "stalled-try-retried", 200, 2, 10, 10.025 },
        { "stalled-request-ends-at-request-timeout", 504, 3, 30, 30 },
        { "stalled-request-retried-before-timeout", 504, 3, 30, 30 },
    };

    [Theory]
    [MemberData(nameof(LegacyMatrix))]
    public void Legacy_policy_gives_the_design_table_outcome(string id, int status, int tries, double minSeconds, double maxSeconds)
    {
        var outcome = Matrix.Case(id).Model;

        Assert.Equal(new ExpectedOutcome(status, tries, S * minSeconds, S * maxSeconds), outcome);
    }

    [Fact]
    public void Legacy_matrix_has_exactly_the_design_cases()
    {
        var ids = AmbientVerify.Probes.Cases.BehaviourMatrix.Build(Matrix.Defaults).Select(c => c.Id);

        Assert.Equal(LegacyMatrix.Select(row => row.Data.Item1).Order(), ids.Order());
    }

    // Under what Istio programs for the corrected HTTPRoute (retry {attempts: 3, codes}, request 30s, no per-try).
    public static TheoryData<string, int, int, double> HttpRouteMatrix => new()
    {
        { "route-answers", 200, 1, 0 },
        { "status-500-retried-until-success", 200, 4, 0 },
        { "status-503-returned-after-retries", 503, 4, 0 },
        { "reset-retried", 503, 1, 0 },
        { "slow-answer-within-per-try-timeout", 200, 1, 5 },
        { "stalled-try-retried", 200, 1, 12 },
        { "stalled-request-ends-at-request-timeout", 504, 1, 30 },
    };

    [Theory]
    [MemberData(nameof(HttpRouteMatrix))]
    public void HttpRoute_policy_retries_status_codes_but_not_resets_or_stalls(string id, int status, int tries, double minSeconds)
    {
        var policy = RouterPolicy.IstioHttpRoute(S * 30, 3, Routes.PlanCodes);

        var outcome = EnvoyRouterModel.Predict(policy, Matrix.Case(id).Fault.ToScript());

        Assert.Equal((status, tries, S * minSeconds), (outcome.Status, outcome.Tries, outcome.ElapsedMin));
    }

    [Fact]
    public void Istio_default_policy_does_not_retry_a_500()
    {
        // A route without retry: 2 retries on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes, no codes.
        var policy = RouterPolicy.IstioHttpRoute(S * 30, 2, []);

        var outcome = EnvoyRouterModel.Predict(policy, Matrix.Case("status-500-retried-until-success").Fault.ToScript());

        Assert.Equal((500, 1), (outcome.Status, outcome.Tries));
    }

    [Fact]
    public void Gateway_error_does_not_retry_a_500()
    {
        var policy = new RouterPolicy(S * 30, null, 3, RetryOn.GatewayError, [], RouterPolicy.DefaultBackoffBase);

        var outcome = EnvoyRouterModel.Predict(policy, Matrix.Case("status-500-retried-until-success").Fault.ToScript());

        Assert.Equal((500, 1), (outcome.Status, outcome.Tries));
    }

    [Fact]
    public void Reset_retried_until_exhausted_ends_in_503()
    {
        var policy = new RouterPolicy(S * 30, S * 10, 2, RetryOn.Reset, [], RouterPolicy.DefaultBackoffBase);

        var outcome = EnvoyRouterModel.Predict(policy, new FaultScript(_ => new TryBehaviour.Reset()));

        Assert.Equal((503, 3), (outcome.Status, outcome.Tries));
    }

    [Fact]
    public void Per_try_timeout_not_retried_under_connect_failure_ends_in_504_at_the_per_try_timeout()
    {
        var policy = new RouterPolicy(S * 30, S * 10, 3, RetryOn.ConnectFailure, [], RouterPolicy.DefaultBackoffBase);

        var outcome = EnvoyRouterModel.Predict(policy, new FaultScript(_ => new TryBehaviour.Delayed(S * 12, 200)));

        Assert.Equal(new ExpectedOutcome(504, 1, S * 10, S * 10), outcome);
    }

    [Fact]
    public void No_route_timeout_lets_a_stall_run_to_its_end()
    {
        var policy = new RouterPolicy(null, null, 0, RetryOn.None, [], RouterPolicy.DefaultBackoffBase);

        var outcome = EnvoyRouterModel.Predict(policy, new FaultScript(_ => new TryBehaviour.Delayed(S * 45, 200)));

        Assert.Equal(new ExpectedOutcome(200, 1, S * 45, S * 45), outcome);
    }

    // backoff_strategy.cc: the window doubles from base and is capped at 10 × base.
    [Theory]
    [InlineData(1, 25)]
    [InlineData(2, 50)]
    [InlineData(3, 100)]
    [InlineData(4, 200)]
    [InlineData(5, 250)]
    [InlineData(9, 250)]
    public void Backoff_upper_bound_is_2_to_the_n_minus_1_times_base_capped_at_250ms(int retry, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), EnvoyRouterModel.BackoffUpperBound(RouterPolicy.DefaultBackoffBase, retry));
    }

    // Not the older router docs' (2^N − 1)·base windows.
    [Theory]
    [InlineData(2, 75)]
    [InlineData(3, 175)]
    public void Backoff_upper_bound_is_not_the_documented_2_to_the_n_minus_1(int retry, int documentedMilliseconds)
    {
        Assert.NotEqual(TimeSpan.FromMilliseconds(documentedMilliseconds), EnvoyRouterModel.BackoffUpperBound(RouterPolicy.DefaultBackoffBase, retry));
    }

    [Fact]
    public void Retriable_4xx_retries_a_409_and_not_a_503()
    {
        var policy = new RouterPolicy(S * 30, null, 2, RetryOn.Retriable4xx, [], RouterPolicy.DefaultBackoffBase);

        var conflict = EnvoyRouterModel.Predict(policy, new FaultScript(n => new TryBehaviour.Answer(n == 1 ? 409 : 200)));
        var unavailable = EnvoyRouterModel.Predict(policy, new FaultScript(n => new TryBehaviour.Answer(n == 1 ? 503 : 200)));

        Assert.Equal((200, 2), (conflict.Status, conflict.Tries));
        Assert.Equal((503, 1), (unavailable.Status, unavailable.Tries));
    }

    // The conditions the matrix cannot trigger are accepted and retry nothing the backend does.
    public static TheoryData<RetryOn> NeverFiring => new(RetryOnText.NeverFiresInTheMatrix.Keys);

    [Theory]
    [MemberData(nameof(NeverFiring))]
    public void Condition_that_never_fires_in_the_matrix_retries_no_status_reset_or_stall(RetryOn on)
    {
        var policy = new RouterPolicy(S * 30, S * 10, 3, on, [], RouterPolicy.DefaultBackoffBase);

        Assert.Equal(1, EnvoyRouterModel.Predict(policy, new FaultScript(_ => new TryBehaviour.Answer(503))).Tries);
        Assert.Equal(1, EnvoyRouterModel.Predict(policy, new FaultScript(_ => new TryBehaviour.Reset())).Tries);
        Assert.Equal(1, EnvoyRouterModel.Predict(policy, new FaultScript(_ => new TryBehaviour.Delayed(S * 12, 200))).Tries);
    }

    // router.cc FilterUtility::finalTimeout: per_try_timeout >= global timeout (and global != 0) → no per-try timeout.
    [Theory]
    [InlineData(30, 30, null)]
    [InlineData(30, 40, null)]
    [InlineData(30, 10, 10)]
    [InlineData(0, 10, 10)]
    public void Per_try_timeout_not_below_the_route_timeout_is_dropped(int routeSeconds, int perTrySeconds, int? effectiveSeconds)
    {
        var policy = new RouterPolicy(S * routeSeconds, S * perTrySeconds, 3, RetryOn.FiveXx, [], RouterPolicy.DefaultBackoffBase);

        Assert.Equal(effectiveSeconds is { } e ? S * e : null, policy.EffectivePerTryTimeout);
    }

    [Fact]
    public void Stall_under_a_per_try_timeout_equal_to_the_route_timeout_is_one_try_ending_at_the_route_timeout()
    {
        var policy = new RouterPolicy(S * 10, S * 10, 3, RetryOn.FiveXx, [], RouterPolicy.DefaultBackoffBase);

        var outcome = EnvoyRouterModel.Predict(policy, new FaultScript(_ => new TryBehaviour.Delayed(S * 12, 200)));

        Assert.Equal(new ExpectedOutcome(504, 1, S * 10, S * 10), outcome);
    }
}
