using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Versions;
using static AmbientVerify.TestSupport.Routes;
using static AmbientVerify.TestSupport.TestTimes;

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

        Assert.Contains("VirtualService ecommerce/customer-service", policy.Description, StringComparison.Ordinal);
        Assert.Contains("4 tries", policy.Description, StringComparison.Ordinal);
        Assert.Contains("route timeout 30s", policy.Description, StringComparison.Ordinal);
    }

    // --- per-try timeout vs route timeout (router.cc FilterUtility::finalTimeout) ---------------------------------

    [Theory]
    [InlineData(10, 10, false)]
    [InlineData(10, 15, false)]
    [InlineData(10, 9, true)]
    public void Per_try_timeout_not_below_the_route_timeout_is_dropped_by_envoy(int routeSeconds, int perTrySeconds, bool kept)
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(timeout: S(routeSeconds), retries: new VirtualServiceRetries(3, S(perTrySeconds), "5xx")));

        Assert.Equal(S(perTrySeconds), policy.PerTryTimeout);
        Assert.Equal(kept ? S(perTrySeconds) : null, policy.EffectivePerTryTimeout);
        Assert.Equal(!kept, policy.Description.Contains("dropped by Envoy", StringComparison.Ordinal));
    }

    [Fact]
    public void Per_try_timeout_without_route_timeout_is_kept()
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(3, S(10), "5xx")));

        Assert.Equal(S(10), policy.EffectivePerTryTimeout);
    }

    [Fact]
    public void HttpRoute_backend_request_equal_to_request_is_no_per_try_timeout_for_envoy()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(3, [503], null), timeouts: new HttpRouteTimeouts(S(10), S(10))));

        Assert.Null(policy.EffectivePerTryTimeout);
    }

    // --- VirtualService retries.backoff, retryRemoteLocalities, retryIgnorePreviousHosts ---------------------

    [Fact]
    public void VirtualService_backoff_sets_the_base_interval_from_istio_1_26()
    {
        var retries = new VirtualServiceRetries(3, null, "5xx", Backoff: Ms(100));

        var honoured = RoutePolicyTranslator.Translate(VirtualService(retries: retries), version: new IstioVersion(1, 26));
        var ignored = RoutePolicyTranslator.Translate(VirtualService(retries: retries), version: new IstioVersion(1, 25));

        Assert.Equal((Ms(100), S(1)), (honoured.BackoffBase, honoured.BackoffMax));
        Assert.Equal((Ms(25), Ms(250)), (ignored.BackoffBase, ignored.BackoffMax));
        Assert.Contains("retries.backoff 100ms ignored: Istio 1.25", ignored.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_ignore_previous_hosts_false_lets_retries_reuse_a_host_from_istio_1_26_and_says_it_is_not_emulated()
    {
        var retries = new VirtualServiceRetries(3, null, "5xx", RetryIgnorePreviousHosts: false);

        var honoured = RoutePolicyTranslator.Translate(VirtualService(retries: retries), version: new IstioVersion(1, 26));
        var ignored = RoutePolicyTranslator.Translate(VirtualService(retries: retries), version: new IstioVersion(1, 25));

        Assert.False(honoured.AvoidsPreviousHosts);
        Assert.Contains("may reuse a host tried", honoured.Description, StringComparison.Ordinal);
        Assert.Contains("not emulated", honoured.Description, StringComparison.Ordinal);
        Assert.True(ignored.AvoidsPreviousHosts);
        Assert.Contains("retryIgnorePreviousHosts false ignored: Istio 1.25", ignored.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Retry_remote_localities_is_shown_and_named_as_not_emulated(bool set, bool shown)
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(3, null, "5xx", RetryRemoteLocalities: set)));

        Assert.Equal(shown, policy.RetriesRemoteLocalities);
        Assert.Equal(shown, policy.Description.Contains("other localities (retryRemoteLocalities; not emulated", StringComparison.Ordinal));
    }

    [Fact]
    public void Retries_avoid_the_hosts_tried_by_default()
    {
        Assert.True(RoutePolicyTranslator.Translate(VirtualService(retries: Retry3x5xx)).AvoidsPreviousHosts);
        Assert.True(RoutePolicyTranslator.Translate(HttpRoute()).AvoidsPreviousHosts);
    }

    private static readonly VirtualServiceRetries Retry3x5xx = new(3, null, "5xx");

    // --- Istio version edges (IstioVersion) ------------------------------------------------------------------

    [Fact]
    public void HttpRoute_retry_is_translated_from_istio_1_25()
    {
        var route = HttpRoute(retry: new HttpRouteRetry(3, [500], null));

        var honoured = RoutePolicyTranslator.Translate(route, version: new IstioVersion(1, 25));

        Assert.Equal(3, honoured.NumRetries);
        Assert.Equal([500], honoured.RetriableStatusCodes);
    }

    [Fact]
    public void HttpRoute_retry_is_ignored_before_istio_1_25_and_the_note_says_so()
    {
        var route = HttpRoute(retry: new HttpRouteRetry(3, [500], null));

        var ignored = RoutePolicyTranslator.Translate(route, version: new IstioVersion(1, 24));

        Assert.Equal(2, ignored.NumRetries);
        Assert.Empty(ignored.RetriableStatusCodes);
        Assert.Contains("retry stanza ignored: Istio 1.24", ignored.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpRoute_backend_request_replaces_the_route_timeout_before_1_25_even_with_a_retry_stanza()
    {
        var route = HttpRoute(retry: new HttpRouteRetry(3, [500], null), timeouts: new HttpRouteTimeouts(S(30), S(10)));

        var before = RoutePolicyTranslator.Translate(route, version: new IstioVersion(1, 24));
        var after = RoutePolicyTranslator.Translate(route, version: new IstioVersion(1, 25));

        Assert.Equal((S(10), (TimeSpan?)null), (before.RouteTimeout, before.PerTryTimeout));
        Assert.Equal((S(30), S(10)), (after.RouteTimeout, after.PerTryTimeout));
    }

    [Fact]
    public void HttpRoute_backoff_is_translated_from_istio_1_26_only()
    {
        var route = HttpRoute(retry: new HttpRouteRetry(3, [500], Ms(100)));

        Assert.Equal(Ms(100), RoutePolicyTranslator.Translate(route, version: new IstioVersion(1, 26)).BackoffBase);
        var before = RoutePolicyTranslator.Translate(route, version: new IstioVersion(1, 25));
        Assert.Equal(Ms(25), before.BackoffBase);
        Assert.Contains("retry.backoff 100ms ignored: Istio 1.25", before.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 23, true)]
    [InlineData(1, 22, true)]
    [InlineData(1, 24, false)]
    [InlineData(1, 30, false)]
    public void Default_retry_policy_retries_503_before_istio_1_24_only(int major, int minor, bool retries503)
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(), version: new IstioVersion(major, minor));

        Assert.Equal(retries503, policy.RetriableStatusCodes.Contains(503));
        Assert.True(policy.RetryOn.HasFlag(RetryOn.RetriableStatusCodes));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("5xx", false)]
    public void Before_1_24_retries_without_retry_on_keep_the_default_503(string? retryOn, bool retries503)
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(3, null, retryOn)), version: new IstioVersion(1, 23));

        Assert.Equal(retries503, policy.RetriableStatusCodes.Contains(503));
    }

    [Fact]
    public void Description_names_the_istio_version()
    {
        Assert.Contains("(Istio 1.27)", RoutePolicyTranslator.Translate(HttpRoute(), version: new IstioVersion(1, 27)).Description, StringComparison.Ordinal);
        Assert.Contains($"(Istio {IstioVersion.Default})", RoutePolicyTranslator.Translate(HttpRoute()).Description, StringComparison.Ordinal);
    }

    // conversion.go joins the codes as text; retry.go keeps as codes only those Go's http.StatusText knows.
    [Fact]
    public void HttpRoute_code_without_go_status_text_retries_nothing_and_is_named()
    {
        var policy = RoutePolicyTranslator.Translate(HttpRoute(retry: new HttpRouteRetry(3, [509, 503], null)));

        Assert.Equal([503], policy.RetriableStatusCodes);
        Assert.Contains("'509'", policy.Description, StringComparison.Ordinal);
    }

    // retry.go: only an empty retryOn keeps the default conditions; whitespace is parsed (into nothing).
    [Theory]
    [InlineData("", IstioDefaultConditions)]
    [InlineData(" ", RetryOn.None)]
    public void Only_an_empty_retry_on_keeps_istio_default_conditions(string retryOn, RetryOn expected)
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: new VirtualServiceRetries(3, null, retryOn)));

        Assert.Equal(expected, policy.RetryOn);
    }
}
