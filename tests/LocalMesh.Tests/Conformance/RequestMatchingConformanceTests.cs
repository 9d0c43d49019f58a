namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// Header, query parameter and method matching as the Gateway API conformance suite checks it (v1.6.1
/// <c>httproute-header-matching</c>, <c>httproute-query-param-matching</c>, <c>httproute-method-matching</c>),
/// including the precedence rows (a longer path beats a method, a method beats headers, headers beat query
/// parameters: Istio's <c>sortHTTPRoutes</c>).
/// </summary>
public sealed class RequestMatchingConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private const string HeaderMatching = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: header-matching, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - matches: [{headers: [{name: version, value: one}]}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{headers: [{name: version, value: two}]}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches:
            - headers: [{name: color, value: blue}]
            - headers: [{name: color, value: green}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches:
            - headers: [{name: color, value: red}]
            - headers: [{name: color, value: yellow}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
        """;

    [Theory]
    [InlineData("HTTPRouteHeaderMatching/0", "Version: one", "infra-backend-v1")]
    [InlineData("HTTPRouteHeaderMatching/1", "Version: two", "infra-backend-v2")]
    [InlineData("HTTPRouteHeaderMatching/2", "Version: two; Color: orange", "infra-backend-v1")]
    [InlineData("HTTPRouteHeaderMatching/3", "Version: two; Color: blue", "infra-backend-v2")]
    // Negative: one of two ANDed headers is not enough, an unknown header matches nothing.
    [InlineData("HTTPRouteHeaderMatching/4", "Color: orange", "404")]
    [InlineData("HTTPRouteHeaderMatching/5", "Some-Other-Header: one", "404")]
    [InlineData("HTTPRouteHeaderMatching/6", "Color: blue", "infra-backend-v1")]
    [InlineData("HTTPRouteHeaderMatching/7", "Color: green", "infra-backend-v1")]
    [InlineData("HTTPRouteHeaderMatching/8", "Color: red", "infra-backend-v2")]
    [InlineData("HTTPRouteHeaderMatching/9", "Color: yellow", "infra-backend-v2")]
    [InlineData("HTTPRouteHeaderMatching/10", "Color: purple", "404")]
    // Negative (ours): values are compared case-sensitively, names are not.
    [InlineData("HTTPRouteHeaderMatching/-", "Version: ONE", "404")]
    [InlineData("HTTPRouteHeaderMatching/-", "VERSION: one", "infra-backend-v1")]
    public async Task HTTPRouteHeaderMatching(string @case, string headers, string expected)
    {
        var gateway = await gateways.GetAsync(HeaderMatching);

        using var response = await gateway.SendAsync("GET", "/", headers);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }

    private const string QueryParamMatching = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: query-param-matching, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - matches: [{queryParams: [{name: animal, value: whale}]}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{queryParams: [{name: animal, value: dolphin}]}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches:
            - queryParams: [{name: animal, value: dolphin}, {name: color, value: blue}]
            - queryParams: [{name: ANIMAL, value: Whale}]
            backendRefs: [{name: infra-backend-v3, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /path1}, queryParams: [{name: animal, value: whale}]}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{headers: [{name: version, value: one}], queryParams: [{name: animal, value: whale}]}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /path2}, headers: [{name: version, value: two}], queryParams: [{name: animal, value: whale}]}]
            backendRefs: [{name: infra-backend-v3, port: 8080}]
          - matches:
            - path: {type: PathPrefix, value: /path3}
              queryParams: [{name: animal, value: shark}]
            - path: {type: PathPrefix, value: /path4}
              headers: [{name: version, value: three}]
              queryParams: [{name: animal, value: kraken}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /path5}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{queryParams: [{name: animal, value: hydra}]}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches: [{headers: [{name: version, value: four}]}]
            backendRefs: [{name: infra-backend-v3, port: 8080}]
        """;

    [Theory]
    [InlineData("HTTPRouteQueryParamMatching/0", "/?animal=whale", "", "infra-backend-v1")]
    [InlineData("HTTPRouteQueryParamMatching/1", "/?animal=dolphin", "", "infra-backend-v2")]
    [InlineData("HTTPRouteQueryParamMatching/2", "/?animal=dolphin&color=blue", "", "infra-backend-v3")]
    [InlineData("HTTPRouteQueryParamMatching/3", "/?ANIMAL=Whale", "", "infra-backend-v3")]
    [InlineData("HTTPRouteQueryParamMatching/4", "/?animal=whale&otherparam=irrelevant", "", "infra-backend-v1")]
    [InlineData("HTTPRouteQueryParamMatching/5", "/?animal=dolphin&color=yellow", "", "infra-backend-v2")]
    // Negative: a parameter alone, an unknown value, a longer value, no parameter.
    [InlineData("HTTPRouteQueryParamMatching/6", "/?color=blue", "", "404")]
    [InlineData("HTTPRouteQueryParamMatching/7", "/?animal=dog", "", "404")]
    [InlineData("HTTPRouteQueryParamMatching/8", "/?animal=whaledolphin", "", "404")]
    [InlineData("HTTPRouteQueryParamMatching/9", "/", "", "404")]
    [InlineData("HTTPRouteQueryParamMatching/10", "/path1?animal=whale", "", "infra-backend-v1")]
    [InlineData("HTTPRouteQueryParamMatching/11", "/?animal=whale", "version: one", "infra-backend-v2")]
    [InlineData("HTTPRouteQueryParamMatching/12", "/path2?animal=whale", "version: two", "infra-backend-v3")]
    [InlineData("HTTPRouteQueryParamMatching/13", "/path3?animal=shark", "", "infra-backend-v1")]
    [InlineData("HTTPRouteQueryParamMatching/14", "/path4?animal=kraken", "version: three", "infra-backend-v1")]
    // Negative: ANDed match types need all of them.
    [InlineData("HTTPRouteQueryParamMatching/15", "/?animal=shark", "", "404")]
    [InlineData("HTTPRouteQueryParamMatching/16", "/path4?animal=kraken", "", "404")]
    // Precedence: a path beats a query parameter, a header beats a query parameter.
    [InlineData("HTTPRouteQueryParamMatching/17", "/path5?animal=hydra", "", "infra-backend-v1")]
    [InlineData("HTTPRouteQueryParamMatching/18", "/?animal=hydra", "version: four", "infra-backend-v3")]
    public async Task HTTPRouteQueryParamMatching(string @case, string path, string headers, string expected)
    {
        var gateway = await gateways.GetAsync(QueryParamMatching);

        using var response = await gateway.SendAsync("GET", path, headers);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }

    private const string MethodMatching = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: method-matching, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - matches: [{method: POST}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{method: GET}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /path1}, method: GET}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{headers: [{name: version, value: one}], method: PUT}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /path2}, headers: [{name: version, value: two}], method: POST}]
            backendRefs: [{name: infra-backend-v3, port: 8080}]
          - matches:
            - path: {type: PathPrefix, value: /path3}
              method: PATCH
            - path: {type: PathPrefix, value: /path4}
              headers: [{name: version, value: three}]
              method: DELETE
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /path5}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{method: PATCH}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches: [{headers: [{name: version, value: four}]}]
            backendRefs: [{name: infra-backend-v3, port: 8080}]
        """;

    [Theory]
    [InlineData("HTTPRouteMethodMatching/0", "POST", "/", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMethodMatching/1", "GET", "/", "", "infra-backend-v2")]
    // Negative: no rule for HEAD.
    [InlineData("HTTPRouteMethodMatching/2", "HEAD", "/", "", "404")]
    [InlineData("HTTPRouteMethodMatching/3", "GET", "/path1", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMethodMatching/4", "PUT", "/", "version: one", "infra-backend-v2")]
    [InlineData("HTTPRouteMethodMatching/5", "POST", "/path2", "version: two", "infra-backend-v3")]
    [InlineData("HTTPRouteMethodMatching/6", "PATCH", "/path3", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMethodMatching/7", "DELETE", "/path4", "version: three", "infra-backend-v1")]
    // Negative: ANDed match types need all of them.
    [InlineData("HTTPRouteMethodMatching/8", "PUT", "/", "", "404")]
    [InlineData("HTTPRouteMethodMatching/9", "DELETE", "/path4", "", "404")]
    // Precedence: a path beats a method, a method beats a header.
    [InlineData("HTTPRouteMethodMatching/10", "PATCH", "/path5", "", "infra-backend-v1")]
    [InlineData("HTTPRouteMethodMatching/11", "PATCH", "/", "version: four", "infra-backend-v2")]
    // Negative (ours): a method no rule names.
    [InlineData("HTTPRouteMethodMatching/-", "OPTIONS", "/", "", "404")]
    public async Task HTTPRouteMethodMatching(string @case, string method, string path, string headers, string expected)
    {
        var gateway = await gateways.GetAsync(MethodMatching);

        using var response = await gateway.SendAsync(method, path, headers);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }
}
