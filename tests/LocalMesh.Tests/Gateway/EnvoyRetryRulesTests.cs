using System.Net;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Istio;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

public sealed class EnvoyRetryRulesTests
{
    private static RoutePolicy Policy(RetryOn on, params int[] codes) =>
        new(null, null, 3, on, codes.ToHashSet(), RoutePolicy.DefaultBackoffBase, RoutePolicy.DefaultBackoffBase * 10, "test");

    private static UpstreamTry Failed(UpstreamFailure failure) => new(1, null, failure);

    private static UpstreamTry Answered(int status) => new(1, new HttpResponseMessage((HttpStatusCode)status), UpstreamFailure.None);

    [Theory]
    [InlineData(RetryOn.Reset, true)]
    [InlineData(RetryOn.FiveXx, true)]
    [InlineData(RetryOn.GatewayError, true)]
    [InlineData(RetryOn.ConnectFailure, false)]
    [InlineData(RetryOn.RefusedStream | RetryOn.RetriableStatusCodes | RetryOn.Unavailable | RetryOn.Cancelled, false)]
    public void Reset_after_connecting_is_retried_only_under_reset_5xx_or_gateway_error(RetryOn on, bool retried)
    {
        Assert.Equal(retried, EnvoyRetryRules.ShouldRetry(Policy(on, 503), Failed(UpstreamFailure.Reset)));
    }

    [Theory]
    [InlineData(RetryOn.Reset, true)]
    [InlineData(RetryOn.FiveXx, true)]
    [InlineData(RetryOn.GatewayError, true)]
    [InlineData(RetryOn.ConnectFailure, false)]
    public void Per_try_timeout_is_retried_only_under_reset_5xx_or_gateway_error(RetryOn on, bool retried)
    {
        Assert.Equal(retried, EnvoyRetryRules.ShouldRetry(Policy(on), Failed(UpstreamFailure.PerTryTimeout)));
    }

    [Theory]
    [InlineData(RetryOn.ConnectFailure, true)]
    [InlineData(RetryOn.Reset, true)]
    [InlineData(RetryOn.FiveXx, true)]
    [InlineData(RetryOn.RefusedStream | RetryOn.RetriableStatusCodes, false)]
    public void Connect_failure_is_retried_under_connect_failure_and_the_no_answer_conditions(RetryOn on, bool retried)
    {
        Assert.Equal(retried, EnvoyRetryRules.ShouldRetry(Policy(on), Failed(UpstreamFailure.ConnectFailure)));
    }

    [Theory]
    [InlineData(RetryOn.FiveXx, 500, true)]
    [InlineData(RetryOn.FiveXx, 599, true)]
    [InlineData(RetryOn.FiveXx, 429, false)]
    [InlineData(RetryOn.GatewayError, 502, true)]
    [InlineData(RetryOn.GatewayError, 504, true)]
    [InlineData(RetryOn.GatewayError, 500, false)]
    [InlineData(RetryOn.Reset, 503, false)]
    [InlineData(RetryOn.Retriable4xx, 409, true)]
    public void Status_is_retried_per_envoy_condition(RetryOn on, int status, bool retried)
    {
        Assert.Equal(retried, EnvoyRetryRules.ShouldRetry(Policy(on), Answered(status)));
    }

    [Fact]
    public void Retriable_status_codes_retries_only_listed_codes()
    {
        var policy = Policy(RetryOn.RetriableStatusCodes, 500);

        Assert.True(EnvoyRetryRules.ShouldRetry(policy, Answered(500)));
        Assert.False(EnvoyRetryRules.ShouldRetry(policy, Answered(503)));
    }

    [Fact]
    public void Retriable_status_codes_with_no_code_retries_no_status()
    {
        var policy = Policy(RetryOn.RetriableStatusCodes | RetryOn.ConnectFailure | RetryOn.RefusedStream | RetryOn.Unavailable | RetryOn.Cancelled);

        Assert.False(EnvoyRetryRules.ShouldRetry(policy, Answered(503)));
    }

    [Fact]
    public void Grpc_unavailable_status_header_is_retried_under_unavailable()
    {
        var answered = Answered(200);
        answered.Response!.Headers.Add("grpc-status", "14");

        Assert.True(EnvoyRetryRules.ShouldRetry(Policy(RetryOn.Unavailable), answered));
    }

    // retry_state_impl.cc wouldRetryFromHeaders: an answer with x-envoy-ratelimited is retried under
    // envoy-ratelimited only, whatever its status.
    [Theory]
    [InlineData(RetryOn.EnvoyRateLimited, 429, true)]
    [InlineData(RetryOn.EnvoyRateLimited, 200, true)]
    [InlineData(RetryOn.FiveXx, 503, false)]
    [InlineData(RetryOn.GatewayError | RetryOn.RetriableStatusCodes, 503, false)]
    public void Rate_limited_answer_from_an_upstream_envoy_is_retried_only_under_envoy_ratelimited(RetryOn on, int status, bool retried)
    {
        var answered = Answered(status);
        answered.Response!.Headers.Add(EnvoyRetryRules.EnvoyRateLimitedHeader, "true");

        Assert.Equal(retried, EnvoyRetryRules.ShouldRetry(Policy(on, 503), answered));
    }

    [Theory]
    [InlineData(RetryOn.EnvoyRateLimited)]
    [InlineData(RetryOn.RetriableHeaders)]
    [InlineData(RetryOn.Http3PostConnectFailure)]
    [InlineData(RetryOn.ResetBeforeRequest)]
    [InlineData(RetryOn.Retriable4xx)]
    public void Conditions_that_do_not_apply_to_a_plain_503_do_not_retry_it(RetryOn on)
    {
        Assert.False(EnvoyRetryRules.ShouldRetry(Policy(on), Answered(503)));
    }

    [Theory]
    [InlineData(UpstreamFailure.ConnectFailure, true)]
    [InlineData(UpstreamFailure.Reset, false)]
    [InlineData(UpstreamFailure.PerTryTimeout, false)]
    public void Reset_before_request_retries_only_what_failed_before_the_request_went_out(UpstreamFailure failure, bool retried)
    {
        Assert.Equal(retried, EnvoyRetryRules.ShouldRetry(Policy(RetryOn.ResetBeforeRequest), Failed(failure)));
    }

    [Theory]
    [InlineData("1", RetryOn.Cancelled)]
    [InlineData("4", RetryOn.DeadlineExceeded)]
    [InlineData("8", RetryOn.ResourceExhausted)]
    [InlineData("13", RetryOn.Internal)]
    [InlineData("14", RetryOn.Unavailable)]
    public void Grpc_status_header_is_retried_under_its_condition_and_not_under_another(string grpcStatus, RetryOn on)
    {
        var answered = Answered(200);
        answered.Response!.Headers.Add("grpc-status", grpcStatus);
        var other = (RetryOn.Cancelled | RetryOn.DeadlineExceeded | RetryOn.ResourceExhausted | RetryOn.Internal | RetryOn.Unavailable) & ~on;

        Assert.True(EnvoyRetryRules.ShouldRetry(Policy(on), answered));
        Assert.False(EnvoyRetryRules.ShouldRetry(Policy(other), answered));
    }
}
