using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using static AmbientVerify.TestSupport.Routes;

namespace AmbientVerify.LocalMesh.Tests.Istio;

/// <summary>
/// Timeouts and retries as Istio's own fixtures show them, run against our translator. HTTPRoute rows: istio/istio
/// <c>pilot/pkg/config/kube/gateway/testdata/http.yaml</c> → <c>http.yaml.golden</c> (the VirtualService Istio
/// generates, <c>conversion.go</c> <c>convertHTTPRoute</c>), then that VirtualService's Envoy policy
/// (<c>route/retry/retry.go</c> <c>ConvertPolicy</c>, <c>route.go</c> <c>setTimeout</c>). VirtualService rows:
/// <c>pilot/pkg/networking/core/route/retry/retry_test.go</c> <c>TestRetry</c>. The HTTPRoute rows go through the
/// whole pipeline: manifests read, routes resolved, policy translated.
/// </summary>
public sealed class IstioConversionTests
{
    private const string DefaultRetryOn = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

    /// <summary>http.yaml's timeout and retry routes, on the fixture's gateway (experimental channel: retry is kept).</summary>
    private const string HttpYaml = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gateway, namespace: istio-system}
        spec:
          gatewayClassName: istio
          listeners: [{name: default, hostname: "*.domain.example", port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: httpbin, namespace: default}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: http-timeout-request, namespace: default}
        spec:
          parentRefs: [{name: gateway, namespace: istio-system}]
          hostnames: [timeout.domain.example]
          rules:
          - matches: [{path: {type: PathPrefix, value: /get}}]
            backendRefs: [{name: httpbin, port: 80}]
            timeouts: {request: 1ms}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: http-timeout-backend-request, namespace: default}
        spec:
          parentRefs: [{name: gateway, namespace: istio-system}]
          hostnames: [timeout-backend.domain.example]
          rules:
          - matches: [{path: {type: PathPrefix, value: /get}}]
            backendRefs: [{name: httpbin, port: 80}]
            timeouts: {request: 2ms, backendRequest: 1ms}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: http-retry-request, namespace: default}
        spec:
          parentRefs: [{name: gateway, namespace: istio-system}]
          hostnames: [retry.domain.example]
          rules:
          - matches: [{path: {type: PathPrefix, value: /explicit}}]
            backendRefs: [{name: httpbin, port: 80}]
            retry: {attempts: 3, backoff: 3ms, codes: [503, 429]}
          - matches: [{path: {type: PathPrefix, value: /empty}}]
            backendRefs: [{name: httpbin, port: 80}]
            retry: {}
          - matches: [{path: {type: PathPrefix, value: /disable}}]
            backendRefs: [{name: httpbin, port: 80}]
          - matches: [{path: {type: PathPrefix, value: /zero}}]
            backendRefs: [{name: httpbin, port: 80}]
            retry: {attempts: 0}
            timeouts: {backendRequest: 1s}
          - matches: [{path: {type: PathPrefix, value: /per-try}}]
            backendRefs: [{name: httpbin, port: 80}]
            retry: {attempts: 1, codes: [502]}
            timeouts: {request: 3s, backendRequest: 1s}
        ---
        """;

    private static readonly GatewayRouting HttpYamlRouting = Resolve(HttpYaml);

    private static GatewayRouting Resolve(string yaml)
    {
        var manifests = MeshManifests.Parse(yaml, "http.yaml");
        return GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests, "istio-system/gateway"), GatewayRoutes.Versions(manifests));
    }

    /// <summary>The policy in a fixed shape: timeout; retries on conditions [codes]; per-try; back-off base.</summary>
    private static string Shape(RoutePolicy policy)
    {
        var timeout = policy.RouteTimeout is { } t ? Durations.Format(t) : "-";
        var retries = policy.NumRetries == 0
            ? "no retries"
            : $"{policy.NumRetries} retries on {RetryOnNames.ToEnvoyString(policy.RetryOn)}"
              + (policy.RetriableStatusCodes.Count > 0 ? $" [{string.Join(",", policy.RetriableStatusCodes.Order())}]" : "");
        var perTry = policy.PerTryTimeout is { } p ? Durations.Format(p) : "-";
        return $"timeout {timeout}; {retries}; per-try {perTry}; back-off {Durations.Format(policy.BackoffBase)}";
    }

    /// <summary>The expected shape, with the retry conditions written in Istio's order (the flags are what count).</summary>
    private static string Expected(string timeout, int retries, string retryOn, string codes, string perTry, string backoff)
    {
        var flags = retryOn.Split(',', StringSplitOptions.RemoveEmptyEntries).Aggregate(RetryOn.None, (all, name) => all | RetryOnNames.FromName(name)!.Value);
        var retryText = retries == 0 ? "no retries" : $"{retries} retries on {RetryOnNames.ToEnvoyString(flags)}" + (codes.Length > 0 ? $" [{codes}]" : "");
        return $"timeout {timeout}; {retryText}; per-try {perTry}; back-off {backoff}";
    }

    [Theory]
    // golden: timeout 0.001s; no retries → the default policy (retry.go DefaultPolicy: 2 retries, no status code).
    [InlineData("http.yaml default.http-timeout-request.0", "timeout.domain.example", "/get", "1ms", 2, DefaultRetryOn, "", "-", "25ms")]
    // golden: timeout 0.001s: backendRequest without retry REPLACES the request timeout.
    [InlineData("http.yaml default.http-timeout-backend-request.0", "timeout-backend.domain.example", "/get", "1ms", 2, DefaultRetryOn, "", "-", "25ms")]
    // golden: retries {attempts: 3, backoff: 0.003s, retryOn: connect-failure,refused-stream,unavailable,cancelled,503,429};
    // ConvertPolicy adds retriable-status-codes for the bare codes.
    [InlineData("http.yaml default.http-retry-request.0", "retry.domain.example", "/explicit", "-", 3, DefaultRetryOn, "429,503", "-", "3ms")]
    // golden: retries {attempts: 2, retryOn: connect-failure,refused-stream,unavailable,cancelled}: no retriable-status-codes.
    [InlineData("http.yaml default.http-retry-request.1", "retry.domain.example", "/empty", "-", 2, "connect-failure,refused-stream,unavailable,cancelled", "", "-", "25ms")]
    // golden: no retries field → Istio's default policy.
    [InlineData("http.yaml default.http-retry-request.2", "retry.domain.example", "/disable", "-", 2, DefaultRetryOn, "", "-", "25ms")]
    // Ours, from conversion.go: attempts 0 empties retryOn and ConvertPolicy returns no policy; backendRequest went to
    // the (dropped) per-try timeout, so the route keeps no timeout at all.
    [InlineData("http.yaml (ours) attempts 0 + backendRequest", "retry.domain.example", "/zero", "-", 0, "", "", "-", "25ms")]
    // Ours, from conversion.go: with a retry stanza, backendRequest is the per-try timeout and request stays the route timeout.
    [InlineData("http.yaml (ours) retry + backendRequest", "retry.domain.example", "/per-try", "3s", 1, "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes", "502", "1s", "25ms")]
    public void An_httproute_gets_the_policy_of_the_virtual_service_istio_generates(string row, string host, string path,
        string timeout, int retries, string retryOn, string codes, string perTry, string backoff)
    {
        var route = HttpYamlRouting.Select(new RequestFacts("GET", host, path, [], []));

        Assert.True(route is not null, $"{row}: no route for {host}{path}");
        Assert.Equal(Expected(timeout, retries, retryOn, codes, perTry, backoff), Shape(RoutePolicyTranslator.Translate(route)));
    }

    [Theory]
    // TestZeroAttemptsShouldReturnNilPolicy
    [InlineData("retry_test.go TestZeroAttemptsShouldReturnNilPolicy", 0, null, null, 0, "", "", "-")]
    // TestRetryOnWithRetriableStatusCodes
    [InlineData("retry_test.go TestRetryOnWithRetriableStatusCodes", 2, "gateway-error,retriable-status-codes,503", null, 2, "gateway-error,retriable-status-codes", "503", "-")]
    // TestRetryOnContainingStatusCodes (its unknown "some,fake,conditions" left out: they are no Envoy condition)
    [InlineData("retry_test.go TestRetryOnContainingStatusCodes", 2, "5xx,404,503", null, 2, "5xx,retriable-status-codes", "404,503", "-")]
    // TestRetryOnWithWhitespace: parts are trimmed, empty parts skipped.
    [InlineData("retry_test.go TestRetryOnWithWhitespace", 2, " 5xx,\t,reset , ,", null, 2, "5xx,reset", "", "-")]
    // TestRetryOnWithInvalidStatusCodesShouldAddToRetryOn: 1000 is no status code (http.StatusText is empty).
    [InlineData("retry_test.go TestRetryOnWithInvalidStatusCodes", 2, "5xx,1000", null, 2, "5xx", "", "-")]
    // TestMissingRetryOnShouldReturnDefaults
    [InlineData("retry_test.go TestMissingRetryOnShouldReturnDefaults", 2, null, null, 2, DefaultRetryOn, "", "-")]
    // TestRetryWithAllFieldsSet (conditions replaced by real ones): perTryTimeout kept as given.
    [InlineData("retry_test.go TestRetryWithAllFieldsSet", 2, "reset,connect-failure", "3s", 2, "reset,connect-failure", "", "3s")]
    // TestRetryOnWithResetBeforeRequest
    [InlineData("retry_test.go TestRetryOnWithResetBeforeRequest", 2, "reset-before-request", null, 2, "reset-before-request", "", "-")]
    public void A_virtual_service_retry_becomes_the_envoy_policy_convert_policy_builds(string row, int attempts, string? retryOn, string? perTry,
        int numRetries, string expectedRetryOn, string codes, string expectedPerTry)
    {
        var retries = new VirtualServiceRetries(attempts, perTry is null ? null : Durations.Parse(perTry, row), retryOn);

        var policy = RoutePolicyTranslator.Translate(VirtualService(retries: retries));

        Assert.Equal(Expected("-", numRetries, expectedRetryOn, codes, expectedPerTry, "25ms"), Shape(policy));
    }

    [Theory]
    // route.go setTimeout: no VirtualService timeout is Envoy's 0 (disabled), and so is an explicit 0s.
    [InlineData(null, "-")]
    [InlineData("0s", "-")]
    [InlineData("30s", "30s")]
    public void A_virtual_service_timeout_is_the_route_timeout_and_zero_disables_it(string? timeout, string expected)
    {
        var policy = RoutePolicyTranslator.Translate(VirtualService(timeout: timeout is null ? null : Durations.Parse(timeout, "timeout")));

        Assert.Equal(expected, policy.RouteTimeout is { } t ? Durations.Format(t) : "-");
    }
}
