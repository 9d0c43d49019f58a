using AmbientVerify.TestSupport;

namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// URLRewrite as the Gateway API conformance suite checks it (v1.6.1 <c>httproute-rewrite-host</c>,
/// <c>httproute-rewrite-path</c>): the backend sees the rewritten Host and path, header edits of the same rule
/// included. Istio turns ReplacePrefixMatch into a prefix rewrite ("/" into a regex that keeps one slash) and
/// ReplaceFullPath into a regex rewrite of the whole path (<c>conversion.go</c> <c>createRewriteFilter</c>,
/// <c>route.go</c> <c>applyHTTPRouteDestination</c>).
/// </summary>
public sealed class RewriteConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private const string HeaderEdits = """
            - type: RequestHeaderModifier
              requestHeaderModifier:
                set: [{name: X-Header-Set, value: set-overwrites-values}]
                add: [{name: X-Header-Add, value: header-val-1}, {name: X-Header-Add-Append, value: header-val-2}]
                remove: [X-Header-Remove]

        """;

    private static readonly string RewriteHost = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: rewrite-host, namespace: gateway-conformance-infra}
        spec:
          hostnames: [rewrite.example]
          parentRefs: [{name: same-namespace}]
          rules:
          - matches: [{path: {type: PathPrefix, value: /one}}]
            filters: [{type: URLRewrite, urlRewrite: {hostname: one.example.org}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - filters: [{type: URLRewrite, urlRewrite: {hostname: example.org}}]
            backendRefs: [{name: infra-backend-v2, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /rewrite-host-and-modify-headers}}]
            filters:
            - {type: URLRewrite, urlRewrite: {hostname: test.example.org}}

        """ + HeaderEdits + """
            backendRefs: [{name: infra-backend-v2, port: 8080}]
        """;

    [Theory]
    [InlineData("HTTPRouteRewriteHost/0", "/one", "", "infra-backend-v1", "one.example.org", "/one")]
    [InlineData("HTTPRouteRewriteHost/1", "/two", "", "infra-backend-v2", "example.org", "/two")]
    [InlineData("HTTPRouteRewriteHost/2", "/rewrite-host-and-modify-headers", "X-Header-Remove: remove-val; X-Header-Add-Append: append-val-1",
        "infra-backend-v2", "test.example.org", "/rewrite-host-and-modify-headers")]
    public async Task HTTPRouteRewriteHost(string @case, string path, string headers, string backend, string expectedHost, string expectedPath)
    {
        var gateway = await gateways.GetAsync(RewriteHost);

        using var response = await gateway.SendAsync("GET", path, headers, host: "rewrite.example");

        var echoed = await ConformanceExpect.BackendAsync(@case, response, backend);
        Assert.Equal((expectedHost, expectedPath), (echoed.Host, echoed.Path));
        if (headers.Length > 0)
        {
            ExpectModifiedHeaders(@case, echoed);
        }
    }

    [Theory]
    // Negative: the route serves rewrite.example only; the rewritten host is not routable itself.
    [InlineData("HTTPRouteRewriteHost/-", "example.org")]
    [InlineData("HTTPRouteRewriteHost/-", "one.example.org")]
    public async Task HTTPRouteRewriteHost_other_hosts_are_not_served(string @case, string host)
    {
        var gateway = await gateways.GetAsync(RewriteHost);

        using var response = await gateway.SendAsync("GET", "/one", host: host);

        await ConformanceExpect.AnswerAsync(@case, response, "404");
    }

    private static readonly string RewritePath = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: rewrite-path, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - matches: [{path: {type: PathPrefix, value: /prefix/one}}]
            filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /strip-prefix}}]
            filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /full/one}}]
            filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /one}}}]
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /full/rewrite-path-and-modify-headers}}]
            filters:
            - {type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /test}}}

        """ + HeaderEdits + """
            backendRefs: [{name: infra-backend-v1, port: 8080}]
          - matches: [{path: {type: PathPrefix, value: /prefix/rewrite-path-and-modify-headers}}]
            filters:
            - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /prefix}}}

        """ + HeaderEdits + """
            backendRefs: [{name: infra-backend-v1, port: 8080}]
        """;

    private const string EditedHeaders = "X-Header-Remove: remove-val; X-Header-Add-Append: append-val-1; X-Header-Set: set-val";

    [Theory]
    [InlineData("HTTPRouteRewritePath/0", "/prefix/one/two", "", "/one/two")]
    [InlineData("HTTPRouteRewritePath/1", "/strip-prefix/three", "", "/three")]
    [InlineData("HTTPRouteRewritePath/2", "/strip-prefix", "", "/")]
    [InlineData("HTTPRouteRewritePath/3", "/full/one/two", "", "/one")]
    [InlineData("HTTPRouteRewritePath/4", "/full/rewrite-path-and-modify-headers/test", EditedHeaders, "/test")]
    [InlineData("HTTPRouteRewritePath/5", "/prefix/rewrite-path-and-modify-headers/one", EditedHeaders, "/prefix/one")]
    // Ours: the query is kept through every kind of rewrite; a prefix rewrite keeps what follows the prefix as is.
    [InlineData("HTTPRouteRewritePath/-", "/prefix/one/two?a=1&b=2", "", "/one/two?a=1&b=2")]
    [InlineData("HTTPRouteRewritePath/-", "/full/one/two?a=1", "", "/one?a=1")]
    [InlineData("HTTPRouteRewritePath/-", "/strip-prefix/?a=1", "", "/?a=1")]
    [InlineData("HTTPRouteRewritePath/-", "/strip-prefix//three", "", "//three")]
    public async Task HTTPRouteRewritePath(string @case, string path, string headers, string expectedPath)
    {
        var gateway = await gateways.GetAsync(RewritePath);

        using var response = await gateway.SendAsync("GET", path, headers);

        var echoed = await ConformanceExpect.BackendAsync(@case, response, "infra-backend-v1");
        Assert.True(echoed.Path == expectedPath, $"{@case}: expected the backend to see {expectedPath}, it saw {echoed.Path}");
        if (headers.Length > 0)
        {
            ExpectModifiedHeaders(@case, echoed);
        }
    }

    [Theory]
    // Negative: a prefix that is not a whole segment is not rewritten (nor routed).
    [InlineData("HTTPRouteRewritePath/-", "/prefix/onetwo")]
    [InlineData("HTTPRouteRewritePath/-", "/strip-prefixes")]
    public async Task HTTPRouteRewritePath_partial_segments_are_not_matched(string @case, string path)
    {
        var gateway = await gateways.GetAsync(RewritePath);

        using var response = await gateway.SendAsync("GET", path);

        await ConformanceExpect.AnswerAsync(@case, response, "404");
    }

    /// <summary>The conformance suite's header edits that both rewrite tests combine with the rewrite.</summary>
    private static void ExpectModifiedHeaders(string @case, EchoedRequest echoed)
    {
        ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Add", "header-val-1");
        ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Add-Append", "append-val-1,header-val-2");
        ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Set", "set-overwrites-values");
        ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Remove", null);
    }
}
