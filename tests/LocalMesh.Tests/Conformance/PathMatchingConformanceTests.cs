namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// Path matching as the Gateway API conformance suite checks it (v1.6.1 <c>conformance/tests</c>:
/// <c>httproute-matching</c>, <c>httproute-exact-path-matching</c>, <c>httproute-path-match-order</c>,
/// <c>httproute-matching-across-routes</c>): the routes' shapes and the expected backends, written as this project's
/// tables and run against the local gateway. A row is "upstream test/case index".
/// </summary>
public sealed class PathMatchingConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private const string Matching = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: matching, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - matches:
            - path: {type: PathPrefix, value: /}
            - headers: [{name: version, value: one}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches:
            - path: {type: PathPrefix, value: /v2}
            - headers: [{name: version, value: two}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
        """;

    [Theory]
    [InlineData("HTTPRouteMatching/0", "/", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMatching/1", "/example", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMatching/2", "/", "Version: one", "infra-backend-v1")]
    [InlineData("HTTPRouteMatching/3", "/v2", "", "infra-backend-v2")]
    [InlineData("HTTPRouteMatching/4", "/v2/example", "", "infra-backend-v2")]
    [InlineData("HTTPRouteMatching/5", "/", "Version: two", "infra-backend-v2")]
    [InlineData("HTTPRouteMatching/6", "/v2/", "", "infra-backend-v2")]
    // Negative: a prefix matches whole segments only, and only at the start.
    [InlineData("HTTPRouteMatching/7", "/v2example", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMatching/8", "/foo/v2/example", "", "infra-backend-v1")]
    public async Task HTTPRouteMatching(string @case, string path, string headers, string expected)
    {
        var gateway = await gateways.GetAsync(Matching);

        using var response = await gateway.SendAsync("GET", path, headers);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }

    private const string ExactMatching = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: exact-matching, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - matches: [{path: {type: Exact, value: /one}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: Exact, value: /two}}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
        """;

    [Theory]
    [InlineData("HTTPRouteExactPathMatching/0", "/one", "infra-backend-v1")]
    [InlineData("HTTPRouteExactPathMatching/1", "/two", "infra-backend-v2")]
    // Negative: exact is exact (no prefix, no trailing slash, case-sensitive).
    [InlineData("HTTPRouteExactPathMatching/2", "/", "404")]
    [InlineData("HTTPRouteExactPathMatching/3", "/one/example", "404")]
    [InlineData("HTTPRouteExactPathMatching/4", "/two/", "404")]
    [InlineData("HTTPRouteExactPathMatching/5", "/Two", "404")]
    public async Task HTTPRouteExactPathMatching(string @case, string path, string expected)
    {
        var gateway = await gateways.GetAsync(ExactMatching);

        using var response = await gateway.SendAsync("GET", path);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }

    private const string PathMatchOrder = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: path-matching-order, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - matches: [{path: {type: Exact, value: /match}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: Exact, value: /match/exact}}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches: [{path: {type: Exact, value: /match/exact/one}}]
            backendRefs: [{name: infra-backend-v3, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /match/}}]
            backendRefs: [{name: infra-backend-v3, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /match/prefix/}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /match/prefix/one}}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
        """;

    [Theory]
    [InlineData("HTTPRoutePathMatchOrder/0", "/match/exact/one", "infra-backend-v3")]
    [InlineData("HTTPRoutePathMatchOrder/1", "/match/exact", "infra-backend-v2")]
    [InlineData("HTTPRoutePathMatchOrder/2", "/match", "infra-backend-v1")]
    [InlineData("HTTPRoutePathMatchOrder/3", "/match/prefix/one/any", "infra-backend-v2")]
    [InlineData("HTTPRoutePathMatchOrder/4", "/match/prefix/any", "infra-backend-v1")]
    [InlineData("HTTPRoutePathMatchOrder/5", "/match/any", "infra-backend-v3")]
    // Negative (ours): no rule covers a path outside /match, and "/matchX" is not under the "/match/" prefix.
    [InlineData("HTTPRoutePathMatchOrder/-", "/other", "404")]
    [InlineData("HTTPRoutePathMatchOrder/-", "/matchX", "404")]
    public async Task HTTPRoutePathMatchOrder(string @case, string path, string expected)
    {
        var gateway = await gateways.GetAsync(PathMatchOrder);

        using var response = await gateway.SendAsync("GET", path);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }

    private const string MatchingAcrossRoutes = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: matching-part1, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          hostnames: [example.com, example.net]
          rules:
          - matches:
            - path: {type: PathPrefix, value: /}
            - headers: [{name: version, value: one}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: matching-part2, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          hostnames: [example.com]
          rules:
          - matches:
            - path: {type: PathPrefix, value: /v2}
            - headers: [{name: version, value: two}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
        """;

    [Theory]
    [InlineData("HTTPRouteMatchingAcrossRoutes/0", "example.com", "/", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMatchingAcrossRoutes/1", "example.com", "/example", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMatchingAcrossRoutes/2", "example.net", "/example", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMatchingAcrossRoutes/3", "example.com", "/example", "Version: one", "infra-backend-v1")]
    [InlineData("HTTPRouteMatchingAcrossRoutes/4", "example.com", "/v2", "", "infra-backend-v2")]
    // Negative: matching-part2 does not serve example.net.
    [InlineData("HTTPRouteMatchingAcrossRoutes/5", "example.net", "/v2", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMatchingAcrossRoutes/6", "example.com", "/v2/example", "", "infra-backend-v2")]
    [InlineData("HTTPRouteMatchingAcrossRoutes/7", "example.com", "/", "Version: two", "infra-backend-v2")]
    // Negative (ours): a host neither route names.
    [InlineData("HTTPRouteMatchingAcrossRoutes/-", "example.org", "/", "", "404")]
    public async Task HTTPRouteMatchingAcrossRoutes(string @case, string host, string path, string headers, string expected)
    {
        var gateway = await gateways.GetAsync(MatchingAcrossRoutes);

        using var response = await gateway.SendAsync("GET", path, headers, host);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }
}
