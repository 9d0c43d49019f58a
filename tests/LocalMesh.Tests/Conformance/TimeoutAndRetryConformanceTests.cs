using System.Diagnostics;

namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// Timeouts and retries as the Gateway API conformance suite checks them (v1.6.1 <c>httproute-timeout-request</c>,
/// <c>httproute-timeout-backend-request</c>, <c>httproute-retry</c>), with the durations scaled down (the suite's 500ms
/// timeout and 1s delay are 250ms and 600ms here). Tries are counted at the echo backend, by uuid. Istio's
/// translation: <c>conversion.go</c> <c>convertHTTPRoute</c> (request → route timeout; backendRequest → per-try
/// timeout with a retry stanza, else the route timeout; retry → attempts and
/// <c>connect-failure,refused-stream,unavailable,cancelled</c> plus the codes).
/// </summary>
public sealed class TimeoutAndRetryConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private static string TimeoutRule(string prefix, string timeouts) =>
        $"  - matches: [{{path: {{type: PathPrefix, value: {prefix}}}}}]\n    backendRefs: [{{name: infra-backend-v1, port: 8080}}]\n    timeouts: {timeouts}\n";

    private static readonly string Timeouts =
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: request-timeout, namespace: gateway-conformance-infra}\n"
        + "spec:\n  parentRefs: [{name: same-namespace}]\n  rules:\n"
        + TimeoutRule("/request-timeout", "{request: 250ms}")
        + TimeoutRule("/disable-request-timeout", "{request: 0s}")
        + TimeoutRule("/backend-timeout", "{backendRequest: 250ms}")
        + TimeoutRule("/disable-backend-timeout", "{backendRequest: 0s}");

    [Theory]
    [InlineData("HTTPRouteTimeoutRequest/0", "/request-timeout", 200)]
    [InlineData("HTTPRouteTimeoutRequest/1", "/request-timeout?delay=600ms", 504)]
    // Negative: "0s" disables the timeout.
    [InlineData("HTTPRouteTimeoutRequest/2", "/disable-request-timeout?delay=600ms", 200)]
    [InlineData("HTTPRouteTimeoutBackendRequest/0", "/backend-timeout", 200)]
    [InlineData("HTTPRouteTimeoutBackendRequest/1", "/backend-timeout?delay=600ms", 504)]
    [InlineData("HTTPRouteTimeoutBackendRequest/2", "/disable-backend-timeout?delay=600ms", 200)]
    // Ours: a delay inside the timeout is answered.
    [InlineData("HTTPRouteTimeoutRequest/-", "/request-timeout?delay=50ms", 200)]
    public async Task HTTPRouteTimeouts(string @case, string path, int status)
    {
        var gateway = await gateways.GetAsync(Timeouts);
        var watch = Stopwatch.StartNew();

        using var response = await gateway.SendAsync("GET", path);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"{@case}: expected {status}, got {(int)response.StatusCode}: {body}");
        if (status == 504)
        {
            Assert.Equal("upstream request timeout", body);
            // The timer waited (not an immediate 504). That it fired before the 600 ms backend answered is the 504 and
            // its body themselves; an upper bound on wall time only measured how busy the machine was.
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(200), $"{@case}: 504 after {watch.Elapsed}");
        }
    }

    private static readonly string Retries = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: retries, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - matches: [{path: {type: PathPrefix, value: /retry/code-500-attempts-3}}]
            retry: {codes: [500], attempts: 3}
            backendRefs: [{name: infra-backend-v3, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /retry/code-all-attempts-2}}]
            retry: {codes: [500, 502, 503, 504], attempts: 2}
            backendRefs: [{name: infra-backend-v3, port: 8080}]
        """;

    /// <param name="responseCode">What the backend fails with; 0 = it resets the connection (echo-basic's default).</param>
    [Theory]
    [InlineData("HTTPRouteRetry/0", "/retry/code-500-attempts-3", 500, 2, 200, 3)]
    [InlineData("HTTPRouteRetry/1", "/retry/code-500-attempts-3", 500, 4, 500, 4)]
    // Negative: a code the rule does not name is not retried.
    [InlineData("HTTPRouteRetry/2", "/retry/code-500-attempts-3", 503, 2, 503, 1)]
    [InlineData("HTTPRouteRetry/3", "/retry/code-all-attempts-2", 500, 1, 200, 2)]
    [InlineData("HTTPRouteRetry/4", "/retry/code-all-attempts-2", 500, 3, 500, 3)]
    [InlineData("HTTPRouteRetry/5", "/retry/code-all-attempts-2", 502, 1, 200, 2)]
    [InlineData("HTTPRouteRetry/6", "/retry/code-all-attempts-2", 502, 3, 502, 3)]
    [InlineData("HTTPRouteRetry/7", "/retry/code-all-attempts-2", 503, 1, 200, 2)]
    [InlineData("HTTPRouteRetry/8", "/retry/code-all-attempts-2", 503, 3, 503, 3)]
    [InlineData("HTTPRouteRetry/9", "/retry/code-all-attempts-2", 504, 1, 200, 2)]
    [InlineData("HTTPRouteRetry/10", "/retry/code-all-attempts-2", 504, 3, 504, 3)]
    // Negative (ours): a reset after connecting is none of Istio's HTTPRoute retry conditions (no "reset", no "5xx").
    [InlineData("HTTPRouteRetry/-", "/retry/code-all-attempts-2", 0, 1, 503, 1)]
    public async Task HTTPRouteRetry(string @case, string path, int responseCode, int succeedAfter, int status, int tries)
    {
        var gateway = await gateways.GetAsync(Retries);
        var uuid = Guid.NewGuid().ToString("N");
        var code = responseCode == 0 ? "" : $"&responseCode={responseCode}";

        using var response = await gateway.SendAsync("GET", $"{path}?uuid={uuid}&succeedAfter={succeedAfter}{code}");

        if (status == 200)
        {
            await ConformanceExpect.BackendAsync(@case, response, "infra-backend-v3");
        }
        else
        {
            Assert.True((int)response.StatusCode == status, $"{@case}: expected {status}, got {(int)response.StatusCode}");
        }

        var seen = gateway.Backends["infra-backend-v3"].Received.Count(r => r.Path.Contains(uuid));
        Assert.True(seen == tries, $"{@case}: expected {tries} tries at the backend, it saw {seen}");
    }
}
