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
}
