using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Cases;

public class BehaviourMatrixTests
{
    [Fact]
    public void Retry_until_success_fails_as_many_tries_as_there_are_retries()
    {
        Assert.Equal(3, Matrix.Case("status-500-retried-until-success").Fault.SucceedAfter);
    }

    [Fact]
    public void Retries_run_out_when_every_allowed_try_fails()
    {
        Assert.Equal(4, Matrix.Case("status-500-returned-after-retries").Fault.SucceedAfter);
    }

    [Fact]
    public void Stalled_try_waits_per_try_timeout_plus_2s_on_try_1_only()
    {
        var fault = Matrix.Case("stalled-try-retried").Fault;

        Assert.Equal((TimeSpan.FromSeconds(12), (1, 1)), (fault.Delay, fault.DelayTries));
    }

    [Fact]
    public void Stalled_request_waits_request_timeout_plus_5s_on_every_try()
    {
        var fault = Matrix.Case("stalled-request-ends-at-request-timeout").Fault;

        Assert.Equal((TimeSpan.FromSeconds(35), null), (fault.Delay, fault.DelayTries));
    }

    [Fact]
    public void Slow_answer_waits_half_the_per_try_timeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Matrix.Case("slow-answer-within-per-try-timeout").Fault.Delay);
    }

    [Fact]
    public void Request_timeout_case_expects_504_at_30s_within_the_tolerance()
    {
        var expected = Matrix.Case("stalled-request-ends-at-request-timeout").Expect.Values;

        Assert.Equal(new ExpectedValues(504, null, TimeSpan.FromSeconds(29.5), TimeSpan.FromSeconds(30.5)), expected);
    }

    [Fact]
    public void Slow_answer_must_take_the_delay_and_end_before_the_per_try_timeout()
    {
        var expected = Matrix.Case("slow-answer-within-per-try-timeout").Expect.Values;

        Assert.Equal((TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(10)), (expected.ElapsedMin, expected.ElapsedMax));
    }

    [Fact]
    public void Stalled_try_must_end_after_the_per_try_timeout_and_before_the_stall_would_have_ended()
    {
        var expected = Matrix.Case("stalled-try-retried").Expect.Values;

        Assert.Equal((TimeSpan.FromSeconds(9.5), TimeSpan.FromSeconds(12)), (expected.ElapsedMin, expected.ElapsedMax));
    }

    [Fact]
    public void Tolerance_option_widens_the_elapsed_bounds()
    {
        var options = new ExpectationOptions { Tolerance = TimeSpan.FromSeconds(1) };

        var expected = Matrix.Case("stalled-request-ends-at-request-timeout", options).Expect.Values;

        Assert.Equal((TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(31)), (expected.ElapsedMin, expected.ElapsedMax));
    }

    [Fact]
    public void Fewer_retries_change_the_expected_tries_through_the_model()
    {
        var options = new ExpectationOptions { Retries = 1 };

        var expected = Matrix.Case("status-500-returned-after-retries", options).Expect.Values;

        Assert.Equal((500, 2), (expected.Status, expected.Tries));
    }

    [Theory]
    [InlineData("route-answers", Capability.None)]
    [InlineData("status-503-retried-until-success", Capability.RetryOnStatus)]
    [InlineData("reset-retried", Capability.RetryOnReset)]
    [InlineData("stalled-try-retried", Capability.RetryOnPerTryTimeout)]
    [InlineData("stalled-request-ends-at-request-timeout", Capability.RouteTimeout)]
    [InlineData("stalled-request-retried-before-timeout", Capability.RetryOnPerTryTimeout)]
    public void Each_case_names_the_capability_it_needs(string id, Capability needs)
    {
        Assert.Equal(needs, Matrix.Case(id).Needs);
    }
}
