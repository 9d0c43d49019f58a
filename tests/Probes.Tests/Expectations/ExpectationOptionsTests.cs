using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Tests.Expectations;

public class ExpectationOptionsTests
{
    [Fact]
    public void Defaults_are_the_legacy_virtual_service_policy()
    {
        var policy = new ExpectationOptions().ToPolicy();

        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 3, RetryOn.FiveXx | RetryOn.Reset | RetryOn.ConnectFailure | RetryOn.RefusedStream),
            (policy.RouteTimeout, policy.PerTryTimeout, policy.Retries, policy.RetryOn));
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new ExpectationOptions().Validate());
    }

    [Fact]
    public void Per_try_timeout_above_the_request_timeout_is_rejected()
    {
        var errors = new ExpectationOptions { PerTryTimeout = TimeSpan.FromSeconds(40) }.Validate();

        Assert.Contains("per-try timeout", Assert.Single(errors));
    }

    [Fact]
    public void Unknown_retry_on_is_rejected()
    {
        var errors = new ExpectationOptions { RetryOn = "sometimes" }.Validate();

        Assert.Contains("sometimes", Assert.Single(errors));
    }

    [Fact]
    public void Tolerance_not_below_the_stall_margins_is_rejected()
    {
        var errors = new ExpectationOptions { Tolerance = TimeSpan.FromSeconds(3) }.Validate();

        Assert.Contains("stall margins", Assert.Single(errors));
    }

    [Fact]
    public void A_status_code_listed_twice_is_rejected_because_its_cases_would_share_ids()
    {
        var errors = new ExpectationOptions { RetriedStatusCodes = [500, 503, 500] }.Validate();

        Assert.Contains("distinct (got 500, 503, 500)", Assert.Single(errors));
    }
}
