using AmbientVerify.TestSupport;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Verdicts;

public class RemediesTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private static string Remedy(AmbientVerify.Manifests.Routing.GatewayRoute route, string caseId) =>
        Remedies.For(route, Matrix.Case(caseId), Matrix.Defaults);

    [Fact]
    public void Annotation_only_retry_names_the_annotation_and_spec_retry()
    {
        var remedy = Remedy(Routes.HttpRoute(annotations: new Dictionary<string, string> { ["retry.istio.io/attempts"] = "3" }),
            "status-503-retried-until-success");

        Assert.Equal("annotation retry.istio.io/attempts is not read by Istio: use spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}", remedy);
    }

    [Fact]
    public void No_retry_at_all_says_to_add_spec_retry()
    {
        Assert.Equal("add spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}", Remedy(Routes.HttpRoute(), "status-500-retried-until-success"));
    }

    [Fact]
    public void A_retry_the_standard_channel_dropped_names_the_channel_as_the_cause()
    {
        var route = Routes.HttpRoute(droppedFields: ["spec.rules[0].retry (05-httproute.yaml:31): not in the standard-channel HTTPRoute CRD, so the API server drops it"]);

        var remedy = Remedy(route, "status-500-retried-until-success");

        Assert.StartsWith("HTTPRoute ecommerce/customer-service-route (05-httproute.yaml:1): spec.rules[0].retry (05-httproute.yaml:31): not in the standard-channel", remedy);
        Assert.EndsWith("install the Gateway API experimental-channel CRDs (the channel that declares spec.rules[].retry) and apply the route again", remedy);
    }

    [Fact]
    public void A_dropped_retry_does_not_change_the_remedy_of_a_timing_case()
    {
        var route = Routes.HttpRoute(droppedFields: ["spec.rules[0].retry (x:1): not in the standard-channel HTTPRoute CRD, so the API server drops it"]);

        Assert.Equal("set spec.rules[].timeouts.request: 30s", Remedy(route, "stalled-request-ends-at-request-timeout"));
    }

    [Fact]
    public void Too_few_attempts_names_the_value_and_the_fix()
    {
        var remedy = Remedy(Routes.HttpRoute(retry: new HttpRouteRetry(1, Routes.PlanCodes, null)), "status-500-returned-after-retries");

        Assert.Equal("spec.rules[].retry.attempts is 1: set 3", remedy);
    }

    [Fact]
    public void Missing_code_is_named()
    {
        var remedy = Remedy(Routes.HttpRoute(retry: new HttpRouteRetry(3, [500, 503], null)), "status-502-retried-until-success");

        Assert.StartsWith("spec.rules[].retry.codes lacks 502", remedy);
    }

    [Fact]
    public void Request_timeout_of_20s_names_20s_and_30s()
    {
        var remedy = Remedy(Routes.HttpRoute(timeouts: new HttpRouteTimeouts(S * 20, null)), "stalled-request-ends-at-request-timeout");

        Assert.Equal("timeouts.request is 20s: set 30s", remedy);
    }

    [Fact]
    public void Backend_request_without_retry_is_named_as_replacing_the_request_timeout()
    {
        var remedy = Remedy(Routes.HttpRoute(timeouts: new HttpRouteTimeouts(null, S * 10)), "stalled-request-ends-at-request-timeout");

        Assert.StartsWith("timeouts.backendRequest without retry replaces the request timeout", remedy);
    }

    [Fact]
    public void VirtualService_without_retries_points_at_its_retries_field()
    {
        var remedy = Remedy(Routes.VirtualService(timeout: S * 30), "status-500-retried-until-success");

        Assert.Equal("VirtualService ecommerce/customer-service http[0] has no retries: set retries {attempts: 3, perTryTimeout: 10s, retryOn: 5xx,reset,connect-failure,refused-stream}", remedy);
    }

    [Fact]
    public void VirtualService_timeout_of_20s_points_at_its_timeout_field()
    {
        var remedy = Remedy(Routes.VirtualService(timeout: S * 20), "stalled-request-ends-at-request-timeout");

        Assert.Equal("VirtualService ecommerce/customer-service http[0] timeout is 20s: set 30s", remedy);
    }

    [Fact]
    public void VirtualService_retry_on_without_reset_is_named()
    {
        var route = Routes.VirtualService(retries: new VirtualServiceRetries(3, S * 10, "connect-failure"), timeout: S * 30);

        Assert.Contains("retries.retryOn is 'connect-failure'", Remedy(route, "reset-retried"));
    }

    [Fact]
    public void Route_that_already_states_the_policy_points_at_the_gateway()
    {
        Assert.Contains("already states the expected policy", Remedy(Routes.CorrectedAmbient(), "status-500-retried-until-success"));
    }

    // A VirtualService that names valid conditions the model does not need (retriable-4xx, gRPC ones) is not blamed.
    [Theory]
    [InlineData("5xx,retriable-4xx,reset", "status-500-retried-until-success")]
    [InlineData("gateway-error,reset,deadline-exceeded,retriable-4xx", "reset-retried")]
    [InlineData("reset,envoy-ratelimited,retriable-headers", "stalled-try-retried")]
    public void VirtualService_with_valid_conditions_beyond_the_model_is_not_blamed(string retryOn, string caseId)
    {
        var route = Routes.VirtualService(retries: new VirtualServiceRetries(3, S * 10, retryOn), timeout: S * 30);

        Assert.Contains("already states the expected policy", Remedy(route, caseId));
    }

    // Negative row: a list that really lacks the condition is still named.
    [Fact]
    public void VirtualService_with_only_retriable_4xx_is_blamed_for_a_500()
    {
        var route = Routes.VirtualService(retries: new VirtualServiceRetries(3, S * 10, "retriable-4xx"), timeout: S * 30);

        Assert.Contains("retries.retryOn is 'retriable-4xx'", Remedy(route, "status-500-retried-until-success"));
    }

    private static readonly AmbientVerify.Probes.Expectations.ExpectationOptions NoRetries = new() { Retries = 0 };

    [Fact]
    public void A_route_expected_not_to_retry_is_told_to_remove_its_retry_not_to_set_attempts_0()
    {
        var remedy = Remedies.For(Routes.CorrectedAmbient(), Matrix.Case("status-500-returned-after-retries", NoRetries), NoRetries);

        Assert.Equal("remove spec.rules[].retry: the route is expected not to retry (the CRD refuses retry.attempts 0)", remedy);
    }

    [Fact]
    public void A_route_expected_not_to_retry_that_Istios_default_policy_retries_is_pointed_at_the_mesh_default()
    {
        var remedy = Remedies.For(Routes.HttpRoute(), Matrix.Case("status-500-returned-after-retries", NoRetries), NoRetries);

        Assert.StartsWith("the route has no spec.rules[].retry, so Istio's default retry policy applies: set MeshConfig defaultHttpRetryPolicy {attempts: 0}", remedy);
    }

    [Fact]
    public void A_virtual_service_expected_not_to_retry_is_told_attempts_0_alone()
    {
        var remedy = Remedies.For(Routes.Legacy(), Matrix.Case("status-500-returned-after-retries", NoRetries), NoRetries);

        Assert.Equal("VirtualService ecommerce/customer-service http[0] retries.attempts is 3: set retries {attempts: 0} without perTryTimeout or retryOn", remedy);
    }
}
