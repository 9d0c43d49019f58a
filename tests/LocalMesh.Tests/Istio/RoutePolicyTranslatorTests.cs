using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests.Model;
using static AmbientVerify.LocalMesh.Tests.Support.TestRoutes;

namespace AmbientVerify.LocalMesh.Tests.Istio;

public sealed class RoutePolicyTranslatorTests
{
    private const RetryOn IstioDefaultConditions =
        RetryOn.ConnectFailure | RetryOn.RefusedStream | RetryOn.Unavailable | RetryOn.Cancelled | RetryOn.RetriableStatusCodes;

    private const RetryOn HttpRouteConditions = RetryOn.ConnectFailure | RetryOn.RefusedStream | RetryOn.Unavailable | RetryOn.Cancelled;

    // --- HTTPRoute -------------------------------------------------------------------------------------------

    [Fact]
    public void Retry_istio_io_annotations_do_not_change_the_policy()
    {
        var annotations = new Dictionary<string, string>
        {
            ["retry.istio.io/attempts"] = "3",
            ["retry.istio.io/retry-on"] = "5xx,reset,connect-failure,refused-stream",
            ["retry.istio.io/per-try-timeout"] = "10s",
        };

        var annotated = RoutePolicyTranslator.Translate(HttpRoute(annotations: annotations));
        var plain = RoutePolicyTranslator.Translate(HttpRoute());

        Assert.Equal(plain.Description, annotated.Description);
        Assert.Equal(2, annotated.NumRetries);
        Assert.False(annotated.RetryOn.HasFlag(RetryOn.FiveXx));
        Assert.Null(annotated.PerTryTimeout);
    }

    [Fact]
    public void HttpRoute_without_retry_gets_istio_default_policy_with_no_status_code()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute());

        Assert.Equal(2, policy.NumRetries);
        Assert.Equal(IstioDefaultConditions, policy.RetryOn);
        Assert.Empty(policy.RetriableStatusCodes);
        Assert.Null(policy.RouteTimeout);
    }

    [Fact]
    public void HttpRoute_retry_codes_become_retriable_status_codes_behind_istio_connection_conditions()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(3, [500, 502, 503, 504], null)));

        Assert.Equal(3, policy.NumRetries);
        Assert.Equal(HttpRouteConditions | RetryOn.RetriableStatusCodes, policy.RetryOn);
        Assert.Equal([500, 502, 503, 504], policy.RetriableStatusCodes.Order());
    }

    [Fact]
    public void HttpRoute_retry_can_never_retry_on_5xx_reset_or_gateway_error()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(3, [500], null)));

        Assert.Equal(RetryOn.None, policy.RetryOn & (RetryOn.FiveXx | RetryOn.Reset | RetryOn.GatewayError));
    }

    [Fact]
    public void HttpRoute_retry_without_attempts_means_two_retries()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(null, [503], null)));

        Assert.Equal(2, policy.NumRetries);
    }

    [Fact]
    public void HttpRoute_retry_with_zero_attempts_disables_retries()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(0, [503], null)));

        Assert.Equal(0, policy.NumRetries);
        Assert.Equal(1, policy.MaxTries);
    }

    [Fact]
    public void HttpRoute_retry_without_codes_has_no_retriable_status_codes()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(3, [], null)));

        Assert.Equal(HttpRouteConditions, policy.RetryOn);
        Assert.Empty(policy.RetriableStatusCodes);
    }

    [Fact]
    public void HttpRoute_backoff_sets_the_base_interval_and_ten_times_it_as_max()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(3, [500], Ms(100))));

        Assert.Equal(Ms(100), policy.BackoffBase);
        Assert.Equal(S(1), policy.BackoffMax);
    }

    [Fact]
    public void Backoff_defaults_to_envoy_25ms_base_and_250ms_max()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(3, [500], null)));

        Assert.Equal(Ms(25), policy.BackoffBase);
        Assert.Equal(Ms(250), policy.BackoffMax);
    }

    [Fact]
    public void HttpRoute_request_timeout_becomes_the_route_timeout()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(timeouts: new HttpRouteTimeouts(S(30), null)));

        Assert.Equal(S(30), policy.RouteTimeout);
        Assert.Null(policy.PerTryTimeout);
    }

    [Fact]
    public void HttpRoute_request_timeout_of_zero_disables_the_route_timeout()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(timeouts: new HttpRouteTimeouts(TimeSpan.Zero, null)));

        Assert.Null(policy.RouteTimeout);
    }

    [Fact]
    public void HttpRoute_backend_request_with_retry_becomes_the_per_try_timeout()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(
            retry: new HttpRouteRetry(3, [500], null),
            timeouts: new HttpRouteTimeouts(S(30), S(10))));

        Assert.Equal(S(10), policy.PerTryTimeout);
        Assert.Equal(S(30), policy.RouteTimeout);
    }

    [Fact]
    public void HttpRoute_backend_request_without_retry_replaces_the_route_timeout()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(timeouts: new HttpRouteTimeouts(S(30), S(10))));

        Assert.Equal(S(10), policy.RouteTimeout);
        Assert.Null(policy.PerTryTimeout);
        Assert.Contains("REPLACES the route timeout", policy.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Mesh_default_retry_policy_replaces_istio_default_for_routes_without_retry()
    {
        var meshDefault = new IstioHttpRetry(4, "5xx", S(2));

        var policy = RoutePolicyTranslator.Translate(HttpRoute(), meshDefault);

        Assert.Equal(4, policy.NumRetries);
        Assert.Equal(RetryOn.FiveXx, policy.RetryOn);
        Assert.Equal(S(2), policy.PerTryTimeout);
    }

    [Fact]
    public void Mesh_default_retry_policy_does_not_touch_routes_with_retry()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(1, [500], null)), new IstioHttpRetry(4, "5xx", null));

        Assert.Equal(1, policy.NumRetries);
        Assert.False(policy.RetryOn.HasFlag(RetryOn.FiveXx));
    }

    // --- VirtualService --------------------------------------------------------------------------------------

    [Fact]
    public void VirtualService_attempts_are_retries_so_three_means_four_tries()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(3, null, "5xx")));

        Assert.Equal(3, policy.NumRetries);
        Assert.Equal(4, policy.MaxTries);
    }

    [Fact]
    public void VirtualService_retry_on_list_maps_to_envoy_conditions()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(
            retries: new VirtualServiceRetries(3, S(10), "5xx,reset,connect-failure,refused-stream")));

        Assert.Equal(RetryOn.FiveXx | RetryOn.Reset | RetryOn.ConnectFailure | RetryOn.RefusedStream, policy.RetryOn);
        Assert.Empty(policy.RetriableStatusCodes);
    }

    [Fact]
    public void VirtualService_gateway_error_and_bare_status_codes_are_parsed()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(2, null, "gateway-error, 409,429")));

        Assert.Equal(RetryOn.GatewayError | RetryOn.RetriableStatusCodes, policy.RetryOn);
        Assert.Equal([409, 429], policy.RetriableStatusCodes.Order());
    }

    [Theory]
    [InlineData("retriable-4xx", RetryOn.Retriable4xx)]
    [InlineData("reset-before-request", RetryOn.ResetBeforeRequest)]
    [InlineData("envoy-ratelimited", RetryOn.EnvoyRateLimited)]
    [InlineData("retriable-headers", RetryOn.RetriableHeaders)]
    [InlineData("http3-post-connect-failure", RetryOn.Http3PostConnectFailure)]
    [InlineData("deadline-exceeded,internal,resource-exhausted", RetryOn.DeadlineExceeded | RetryOn.Internal | RetryOn.ResourceExhausted)]
    public void VirtualService_retry_on_knows_every_envoy_condition(string retryOn, RetryOn expected)
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(2, null, retryOn)));

        Assert.Equal(expected, policy.RetryOn);
    }

    // retry.go parseRetryOn: a number is a status code when Go's http.StatusText knows it; else Envoy gets it as a
    // condition name and ignores it. Envoy's names are case-sensitive.
    [Theory]
    [InlineData("418", true)]
    [InlineData("425", true)]
    [InlineData("+503", true)]
    [InlineData("306", false)]
    [InlineData("599", false)]
    [InlineData("5XX", false)]
    public void VirtualService_retry_on_part_is_a_status_code_or_a_condition_only_as_istio_and_envoy_read_it(string part, bool retries)
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(2, null, part)));

        Assert.Equal(retries, policy.RetryOn != RetryOn.None);
        Assert.Equal(retries, policy.RetriableStatusCodes.Count == 1 || policy.RetryOn.HasFlag(RetryOn.FiveXx));
    }

    [Fact]
    public void VirtualService_unknown_retry_on_condition_is_dropped_and_named()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(2, null, "5xx,on-tuesdays")));

        Assert.Equal(RetryOn.FiveXx, policy.RetryOn);
        Assert.Contains("'on-tuesdays'", policy.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void VirtualService_per_try_timeout_is_taken()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(timeout: S(30), retries: new VirtualServiceRetries(3, S(10), "5xx")));

        Assert.Equal(S(10), policy.PerTryTimeout);
        Assert.Equal(S(30), policy.RouteTimeout);
    }

    [Fact]
    public void VirtualService_without_per_try_timeout_leaves_tries_bounded_by_the_route_timeout_only()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(timeout: S(30), retries: new VirtualServiceRetries(3, null, "5xx")));

        Assert.Null(policy.PerTryTimeout);
    }

    [Fact]
    public void VirtualService_retries_without_retry_on_use_istio_default_conditions()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(5, null, null)));

        Assert.Equal(5, policy.NumRetries);
        Assert.Equal(IstioDefaultConditions, policy.RetryOn);
        Assert.Empty(policy.RetriableStatusCodes);
    }

    [Fact]
    public void VirtualService_without_retries_gets_istio_default_policy()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService());

        Assert.Equal(2, policy.NumRetries);
        Assert.Equal(IstioDefaultConditions, policy.RetryOn);
        Assert.Empty(policy.RetriableStatusCodes);
    }

    [Fact]
    public void VirtualService_attempts_zero_disables_retries_whatever_retry_on_says()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(0, S(1), "5xx")));

        Assert.Equal(0, policy.NumRetries);
        Assert.Equal(RetryOn.None, policy.RetryOn);
        Assert.Null(policy.PerTryTimeout);
    }

    [Fact]
    public void VirtualService_without_timeout_has_no_route_timeout()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService());

        Assert.Null(policy.RouteTimeout);
    }

    [Fact]
    public void VirtualService_timeout_of_zero_disables_the_route_timeout()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(timeout: TimeSpan.Zero));

        Assert.Null(policy.RouteTimeout);
    }

    [Fact]
    public void Description_names_the_source_object_and_the_tries()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(timeout: S(30), retries: new VirtualServiceRetries(3, S(10), "5xx")));

        Assert.Contains("VirtualService ecommerce/customer-vs", policy.Description, StringComparison.Ordinal);
        Assert.Contains("4 tries", policy.Description, StringComparison.Ordinal);
        Assert.Contains("route timeout 30s", policy.Description, StringComparison.Ordinal);
    }
}
