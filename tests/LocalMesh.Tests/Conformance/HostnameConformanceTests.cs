namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// Route hostnames against listener hostnames as the Gateway API conformance suite checks them (v1.6.1
/// <c>httproute-hostname-intersection</c>, <c>httproute-listener-hostname-matching</c>): a route serves the
/// intersection of its hostnames with its listener's, a wildcard covers one or more labels and not the bare domain,
/// the request's port is ignored, and the most specific listener keeps a hostname.
/// </summary>
public sealed class HostnameConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private const string IntersectionGateway = "httproute-hostname-intersection";
    private const string IntersectionAllGateway = "httproute-hostname-intersection-all";

    private static string Route(string name, string gateway, string hostnames, string prefix, string backend) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: gateway-conformance-infra}}\n"
        + $"spec:\n  parentRefs: [{{name: {gateway}, namespace: gateway-conformance-infra}}]\n  hostnames: [{hostnames}]\n"
        + $"  rules:\n  - matches: [{{path: {{type: PathPrefix, value: {prefix}}}}}]\n    backendRefs: [{{name: {backend}, port: 8080}}]\n---\n";

    private static readonly string Intersection = $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {"{"}name: {IntersectionGateway}, namespace: gateway-conformance-infra{"}"}
        spec:
          gatewayClassName: istio
          listeners:
          - {"{"}name: listener-1, port: 80, protocol: HTTP, hostname: very.specific.com, allowedRoutes: {"{"}namespaces: {"{"}from: Same{"}"}{"}"}{"}"}
          - {"{"}name: listener-2, port: 80, protocol: HTTP, hostname: "*.wildcard.io", allowedRoutes: {"{"}namespaces: {"{"}from: Same{"}"}{"}"}{"}"}
          - {"{"}name: listener-3, port: 80, protocol: HTTP, hostname: "*.anotherwildcard.io", allowedRoutes: {"{"}namespaces: {"{"}from: Same{"}"}{"}"}{"}"}
        ---

        """
        + Route("specific-host-matches-listener-specific-host", IntersectionGateway, "non.matching.com, \"*.nonmatchingwildcard.io\", very.specific.com", "/s1", "infra-backend-v1")
        + Route("specific-host-matches-listener-wildcard-host", IntersectionGateway, "non.matching.com, wildcard.io, foo.wildcard.io, bar.wildcard.io, foo.bar.wildcard.io", "/s2", "infra-backend-v2")
        + Route("wildcard-host-matches-listener-specific-host", IntersectionGateway, "non.matching.com, \"*.specific.com\"", "/s3", "infra-backend-v3")
        + Route("wildcard-host-matches-listener-wildcard-host", IntersectionGateway, "\"*.anotherwildcard.io\"", "/s4", "infra-backend-v1")
        + Route("no-intersecting-hosts", IntersectionGateway, "specific.but.wrong.com, wildcard.io", "/s5", "infra-backend-v2");

    [Theory]
    [InlineData("HTTPRouteHostnameIntersection/intersect/0", "very.specific.com", "/s1", "infra-backend-v1")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/1", "very.specific.com:1234", "/s1", "infra-backend-v1")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/2", "non.matching.com", "/s1", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/3", "foo.nonmatchingwildcard.io", "/s1", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/4", "foo.wildcard.io", "/s1", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/5", "very.specific.com", "/non-matching-prefix", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/6", "foo.wildcard.io", "/s2", "infra-backend-v2")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/7", "bar.wildcard.io", "/s2", "infra-backend-v2")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/8", "foo.bar.wildcard.io", "/s2", "infra-backend-v2")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/9", "non.matching.com", "/s2", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/10", "wildcard.io", "/s2", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/11", "very.specific.com", "/s2", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/12", "foo.wildcard.io", "/non-matching-prefix", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/13", "very.specific.com", "/s3", "infra-backend-v3")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/14", "non.matching.com", "/s3", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/15", "foo.specific.com", "/s3", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/16", "foo.wildcard.io", "/s3", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/17", "very.specific.com", "/non-matching-prefix", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/18", "foo.anotherwildcard.io", "/s4", "infra-backend-v1")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/19", "bar.anotherwildcard.io", "/s4", "infra-backend-v1")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/20", "foo.bar.anotherwildcard.io", "/s4", "infra-backend-v1")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/21", "anotherwildcard.io", "/s4", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/22", "foo.wildcard.io", "/s4", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/23", "very.specific.com", "/s4", "404")]
    [InlineData("HTTPRouteHostnameIntersection/intersect/24", "foo.anotherwildcard.io", "/non-matching-prefix", "404")]
    // Negative: a route whose hostnames meet no listener is not attached (Accepted=False, NoMatchingListenerHostname).
    [InlineData("HTTPRouteHostnameIntersection/no-intersection/0", "specific.but.wrong.com", "/s5", "404")]
    [InlineData("HTTPRouteHostnameIntersection/no-intersection/1", "wildcard.io", "/s5", "404")]
    public async Task HTTPRouteHostnameIntersection(string @case, string host, string path, string expected)
    {
        var gateway = await gateways.GetAsync(Intersection, IntersectionGateway);

        using var response = await gateway.SendAsync("GET", path, host: host);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }

    private static readonly string IntersectionAll = $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {"{"}name: {IntersectionAllGateway}, namespace: gateway-conformance-infra{"}"}
        spec:
          gatewayClassName: istio
          listeners: [{"{"}name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {"{"}namespaces: {"{"}from: Same{"}"}{"}"}{"}"}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: {IntersectionAllGateway}, namespace: gateway-conformance-infra{"}"}
        spec:
          parentRefs: [{"{"}name: {IntersectionAllGateway}, namespace: gateway-conformance-infra{"}"}]
          hostnames: [first.com, sub.first.com, second.com, sub.second.com]
          rules:
          - backendRefs: [{"{"}name: infra-backend-v2, port: 8080{"}"}]
        """;

    [Theory]
    [InlineData("HTTPRouteHostnameIntersection/unspecified-listener-hostname/0", "first.com", "infra-backend-v2")]
    [InlineData("HTTPRouteHostnameIntersection/unspecified-listener-hostname/1", "sub.first.com", "infra-backend-v2")]
    [InlineData("HTTPRouteHostnameIntersection/unspecified-listener-hostname/2", "second.com", "infra-backend-v2")]
    [InlineData("HTTPRouteHostnameIntersection/unspecified-listener-hostname/3", "sub.second.com", "infra-backend-v2")]
    // Negative: hostnames are exact, no parent domain widens them.
    [InlineData("HTTPRouteHostnameIntersection/unspecified-listener-hostname/4", "third.com", "404")]
    [InlineData("HTTPRouteHostnameIntersection/unspecified-listener-hostname/5", "sub.third.com", "404")]
    public async Task HTTPRouteHostnameIntersection_with_a_listener_without_hostname(string @case, string host, string expected)
    {
        var gateway = await gateways.GetAsync(IntersectionAll, IntersectionAllGateway);

        using var response = await gateway.SendAsync("GET", "/", host: host);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }

    private const string ListenerHostnameGateway = "httproute-listener-hostname-matching";

    private static readonly string ListenerHostnames = $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {"{"}name: {ListenerHostnameGateway}, namespace: gateway-conformance-infra{"}"}
        spec:
          gatewayClassName: istio
          listeners:
          - {"{"}name: listener-1, port: 80, protocol: HTTP, hostname: bar.com, allowedRoutes: {"{"}namespaces: {"{"}from: Same{"}"}{"}"}{"}"}
          - {"{"}name: listener-2, port: 80, protocol: HTTP, hostname: foo.bar.com, allowedRoutes: {"{"}namespaces: {"{"}from: Same{"}"}{"}"}{"}"}
          - {"{"}name: listener-3, port: 80, protocol: HTTP, hostname: "*.bar.com", allowedRoutes: {"{"}namespaces: {"{"}from: Same{"}"}{"}"}{"}"}
          - {"{"}name: listener-4, port: 80, protocol: HTTP, hostname: "*.foo.com", allowedRoutes: {"{"}namespaces: {"{"}from: Same{"}"}{"}"}{"}"}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: backend-v1, namespace: gateway-conformance-infra{"}"}
        spec:
          parentRefs: [{"{"}name: {ListenerHostnameGateway}, namespace: gateway-conformance-infra, sectionName: listener-1{"}"}]
          rules: [{"{"}backendRefs: [{"{"}name: infra-backend-v1, port: 8080{"}"}]{"}"}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: backend-v2, namespace: gateway-conformance-infra{"}"}
        spec:
          parentRefs: [{"{"}name: {ListenerHostnameGateway}, namespace: gateway-conformance-infra, sectionName: listener-2{"}"}]
          rules: [{"{"}backendRefs: [{"{"}name: infra-backend-v2, port: 8080{"}"}]{"}"}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: backend-v3, namespace: gateway-conformance-infra{"}"}
        spec:
          parentRefs:
          - {"{"}name: {ListenerHostnameGateway}, namespace: gateway-conformance-infra, sectionName: listener-3{"}"}
          - {"{"}name: {ListenerHostnameGateway}, namespace: gateway-conformance-infra, sectionName: listener-4{"}"}
          rules: [{"{"}backendRefs: [{"{"}name: infra-backend-v3, port: 8080{"}"}]{"}"}]
        """;

    [Theory]
    [InlineData("HTTPRouteListenerHostnameMatching/0", "bar.com", "infra-backend-v1")]
    [InlineData("HTTPRouteListenerHostnameMatching/1", "foo.bar.com", "infra-backend-v2")]
    [InlineData("HTTPRouteListenerHostnameMatching/2", "baz.bar.com", "infra-backend-v3")]
    [InlineData("HTTPRouteListenerHostnameMatching/3", "boo.bar.com", "infra-backend-v3")]
    [InlineData("HTTPRouteListenerHostnameMatching/4", "multiple.prefixes.bar.com", "infra-backend-v3")]
    [InlineData("HTTPRouteListenerHostnameMatching/5", "multiple.prefixes.foo.com", "infra-backend-v3")]
    // Negative: "*.foo.com" does not cover foo.com; no listener covers an unrelated host.
    [InlineData("HTTPRouteListenerHostnameMatching/6", "foo.com", "404")]
    [InlineData("HTTPRouteListenerHostnameMatching/7", "no.matching.host", "404")]
    // Ours: the host is compared case-insensitively, and its port is ignored.
    [InlineData("HTTPRouteListenerHostnameMatching/-", "FOO.bar.com", "infra-backend-v2")]
    [InlineData("HTTPRouteListenerHostnameMatching/-", "foo.bar.com:8080", "infra-backend-v2")]
    public async Task HTTPRouteListenerHostnameMatching(string @case, string host, string expected)
    {
        var gateway = await gateways.GetAsync(ListenerHostnames, ListenerHostnameGateway);

        using var response = await gateway.SendAsync("GET", "/", host: host);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
    }
}
