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

    // Envoy drops a per-try timeout not below the route timeout (router.cc finalTimeout): 30s of 30s is refused too.
    [Theory]
    [InlineData(40, false)]
    [InlineData(30, false)]
    [InlineData(29, true)]
    public void Per_try_timeout_must_be_below_the_request_timeout(int perTrySeconds, bool valid)
    {
        var errors = new ExpectationOptions { PerTryTimeout = TimeSpan.FromSeconds(perTrySeconds) }.Validate();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, error => Assert.Contains("Envoy drops it", error));
    }

    [Fact]
    public void Unknown_retry_on_is_rejected()
    {
        var errors = new ExpectationOptions { RetryOn = "sometimes" }.Validate();

        Assert.Contains("sometimes", Assert.Single(errors));
    }

    // --retry-on takes every Envoy condition (and codes Istio reads as codes); unknown or miscased names are refused.
    [Theory]
    [InlineData("5xx,retriable-4xx,reset", true)]
    [InlineData("gateway-error,reset-before-request,envoy-ratelimited,retriable-headers,http3-post-connect-failure", true)]
    [InlineData("cancelled,deadline-exceeded,internal,resource-exhausted,unavailable,503", true)]
    [InlineData("5XX", false)]
    [InlineData("5xx,599", false)]
    public void Retry_on_accepts_every_envoy_condition_and_nothing_else(string retryOn, bool valid)
    {
        Assert.Equal(valid, new ExpectationOptions { RetryOn = retryOn }.Validate().Count == 0);
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
