using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Verdicts;

public class RemediesTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private static string Remedy(AmbientVerify.Manifests.GatewayRoute route, string caseName) =>
        Remedies.For(route, Matrix.Case(caseName), Matrix.Defaults);

    [Fact]
    public void Annotation_only_retry_names_the_annotation_and_spec_retry()
    {
        var remedy = Remedy(Routes.HttpRoute(annotations: new Dictionary<string, string> { ["retry.istio.io/attempts"] = "3" }),
            "503 is retried until success");

        Assert.Equal("annotation retry.istio.io/attempts is not read by Istio: use spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}", remedy);
    }

    [Fact]
    public void No_retry_at_all_says_to_add_spec_retry()
    {
        Assert.Equal("add spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}", Remedy(Routes.HttpRoute(), "500 is retried until success"));
    }

    [Fact]
    public void Too_few_attempts_names_the_value_and_the_fix()
    {
        var remedy = Remedy(Routes.HttpRoute(new HttpRouteRetry(1, Routes.PlanCodes, null)), "500 is returned after the retries run out");

        Assert.Equal("spec.rules[].retry.attempts is 1: set 3", remedy);
    }

    [Fact]
    public void Missing_code_is_named()
    {
        var remedy = Remedy(Routes.HttpRoute(new HttpRouteRetry(3, [500, 503], null)), "502 is retried until success");

        Assert.StartsWith("spec.rules[].retry.codes lacks 502", remedy);
    }

    [Fact]
    public void Request_timeout_of_20s_names_20s_and_30s()
    {
        var remedy = Remedy(Routes.HttpRoute(timeouts: new HttpRouteTimeouts(S * 20, null)), "a stalled request ends at the request timeout");

        Assert.Equal("timeouts.request is 20s: set 30s", remedy);
    }

    [Fact]
    public void Backend_request_without_retry_is_named_as_replacing_the_request_timeout()
    {
        var remedy = Remedy(Routes.HttpRoute(timeouts: new HttpRouteTimeouts(null, S * 10)), "a stalled request ends at the request timeout");

        Assert.StartsWith("timeouts.backendRequest without retry replaces the request timeout", remedy);
    }

    [Fact]
    public void VirtualService_without_retries_points_at_its_retries_field()
    {
        var remedy = Remedy(Routes.VirtualService(timeout: S * 30), "500 is retried until success");

        Assert.Equal("VirtualService ecommerce/customer-service http[0] has no retries: set retries {attempts: 3, perTryTimeout: 10s, retryOn: 5xx,reset,connect-failure,refused-stream}", remedy);
    }

    [Fact]
    public void VirtualService_timeout_of_20s_points_at_its_timeout_field()
    {
        var remedy = Remedy(Routes.VirtualService(timeout: S * 20), "a stalled request ends at the request timeout");

        Assert.Equal("VirtualService ecommerce/customer-service http[0] timeout is 20s: set 30s", remedy);
    }

    [Fact]
    public void VirtualService_retry_on_without_reset_is_named()
    {
        var route = Routes.VirtualService(new VirtualServiceRetries(3, S * 10, "connect-failure"), S * 30);

        Assert.Contains("retries.retryOn is 'connect-failure'", Remedy(route, "a reset is retried"));
    }

    [Fact]
    public void Route_that_already_states_the_policy_points_at_the_gateway()
    {
        Assert.Contains("already states the expected policy", Remedy(Routes.CorrectedAmbient(), "500 is retried until success"));
    }

    // A VirtualService that names valid conditions the model does not need (retriable-4xx, gRPC ones) is not blamed.
    [Theory]
    [InlineData("5xx,retriable-4xx,reset", "500 is retried until success")]
    [InlineData("gateway-error,reset,deadline-exceeded,retriable-4xx", "a reset is retried")]
    [InlineData("reset,envoy-ratelimited,retriable-headers", "a stalled try is retried")]
    public void VirtualService_with_valid_conditions_beyond_the_model_is_not_blamed(string retryOn, string caseName)
    {
        var route = Routes.VirtualService(new VirtualServiceRetries(3, S * 10, retryOn), S * 30);

        Assert.Contains("already states the expected policy", Remedy(route, caseName));
    }

    // Negative row: a list that really lacks the condition is still named.
    [Fact]
    public void VirtualService_with_only_retriable_4xx_is_blamed_for_a_500()
    {
        var route = Routes.VirtualService(new VirtualServiceRetries(3, S * 10, "retriable-4xx"), S * 30);

        Assert.Contains("retries.retryOn is 'retriable-4xx'", Remedy(route, "500 is retried until success"));
    }
}
