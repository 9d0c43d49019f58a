using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Manifests.Tests.Routing;

/// <summary>
/// Istio's own conversion fixtures (istio/istio <c>pilot/pkg/config/kube/gateway/testdata/*.yaml</c> → the generated
/// VirtualServices in <c>*.yaml.golden</c>) as tables run against our resolver: the routes of each virtual host in
/// their order, the backends and weights, and the filters as route actions. The manifests keep the fixtures' shapes
/// (Services added, as the fixtures' test harness provides them); the expected values are the golden files', cut
/// after a virtual service's first catch-all as Envoy gets it (<c>route.go</c> <c>BuildHTTPRoutesForVirtualService</c>).
/// A route is named as the golden names it: <c>namespace.route.rule</c>, or the rule's own name.
/// </summary>
public sealed class IstioConversionTests
{
    private static string Gateway(string listeners, string name = "gateway", string ns = "istio-system") =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  gatewayClassName: istio\n  listeners: {listeners}\n---\n";

    private static string Services(string ns, params string[] names) => string.Concat(names.Select(n =>
        $"apiVersion: v1\nkind: Service\nmetadata: {{name: {n}, namespace: {ns}}}\nspec: {{ports: [{{port: 80}}]}}\n---\n"));

    private static string Route(string name, string ns, string spec) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n{spec}---\n";

    private const string ToGateway = "  parentRefs: [{name: gateway, namespace: istio-system}]\n";

    private const string DomainListener = "[{name: default, hostname: \"*.domain.example\", port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]";

    /// <summary><c>http.yaml</c>: header filters, redirects, rewrites, mirrors, timeouts and retries, CORS.</summary>
    private static readonly string Http = Gateway(DomainListener)
        + Services("default", "httpbin", "httpbin-second", "httpbin-wildcard", "httpbin-mirror", "httpbin-bad")
        + Route("http", "default", ToGateway + "  hostnames: [first.domain.example, another.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /get}, headers: [{name: my-header, value: some-value, type: Exact}]}]\n"
            + "    filters:\n"
            + "    - {type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: my-added-header, value: added-value}], remove: [my-removed-header]}}\n"
            + "    - {type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: my-added-resp-header, value: added-resp-value}], remove: [my-removed-header]}}\n"
            + "    backendRefs: [{name: httpbin, port: 80}]\n")
        + Route("http2", "default", ToGateway + "  hostnames: [second.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /second}}]\n    backendRefs: [{name: httpbin-second, port: 80}]\n"
            + "  - matches: [{path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: httpbin-wildcard, port: 80}]\n")
        + Route("redirect", "default", ToGateway + "  rules:\n"
            + "  - filters: [{type: RequestRedirect, requestRedirect: {port: 8080, statusCode: 302, scheme: https, path: {type: ReplaceFullPath, replaceFullPath: /replace-full}}}]\n")
        + Route("redirect-prefix-replace", "default", ToGateway + "  hostnames: [redirect.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /original}}]\n"
            + "    filters: [{type: RequestRedirect, requestRedirect: {port: 8080, statusCode: 302, scheme: https, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement}}}]\n")
        + Route("rewrite", "default", ToGateway + "  rules:\n"
            + "  - name: route1\n    matches: [{path: {type: PathPrefix, value: /prefix-original}}]\n"
            + "    filters: [{type: URLRewrite, urlRewrite: {hostname: new.example.com, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement}}}]\n"
            + "    backendRefs: [{name: httpbin, port: 80}]\n"
            + "  - matches: [{path: {type: PathPrefix, value: /prefix-to-be-removed}}]\n"
            + "    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: \"\"}}}]\n"
            + "    backendRefs: [{name: httpbin, port: 80}]\n"
            + "  - matches: [{path: {type: PathPrefix, value: /full-original}}]\n"
            + "    filters: [{type: URLRewrite, urlRewrite: {hostname: new.example.com, path: {type: ReplaceFullPath, replaceFullPath: /replacement}}}]\n"
            + "    backendRefs: [{name: httpbin, port: 80}]\n")
        + Route("mirror", "default", ToGateway + "  rules:\n  - filters:\n"
            + "    - {type: RequestMirror, requestMirror: {fraction: {numerator: 4, denominator: 8}, backendRef: {name: httpbin-mirror, port: 80}}}\n"
            + "    - {type: RequestMirror, requestMirror: {percent: 80, backendRef: {name: httpbin-second, port: 80}}}\n"
            + "    backendRefs: [{name: httpbin, port: 80}]\n")
        + Route("http-not-selected", "default", ToGateway + "  hostnames: [should.not.select]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /get}}]\n    backendRefs: [{name: httpbin-bad, port: 80}]\n")
        + Route("http-retry-request", "default", ToGateway + "  hostnames: [retry.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /explicit}}]\n    backendRefs: [{name: httpbin, port: 80}]\n    retry: {attempts: 3, backoff: 3ms, codes: [503, 429]}\n"
            + "  - matches: [{path: {type: PathPrefix, value: /empty}}]\n    backendRefs: [{name: httpbin, port: 80}]\n    retry: {}\n"
            + "  - matches: [{path: {type: PathPrefix, value: /disable}}]\n    backendRefs: [{name: httpbin, port: 80}]\n")
        + Route("http-route-cors", "default", ToGateway + "  hostnames: [cors.domain.example]\n  rules:\n"
            + "  - backendRefs: [{kind: Service, name: httpbin, port: 80}]\n"
            + "    filters: [{type: CORS, cors: {allowOrigins: [\"https://example.com\"], allowMethods: [GET]}}]\n");

    /// <summary><c>route-precedence.yaml</c>: routes of two namespaces merged per hostname, sorted by Gateway API precedence.</summary>
    private static readonly string RoutePrecedence = Gateway(
            "[{name: default, hostname: \"*.domain.example\", port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {istio.io/test-name-part: allowed}}}}}]")
        + "apiVersion: v1\nkind: Namespace\nmetadata: {name: allowed-1, labels: {istio.io/test-name-part: allowed}}\n---\n"
        + "apiVersion: v1\nkind: Namespace\nmetadata: {name: allowed-2, labels: {istio.io/test-name-part: allowed}}\n---\n"
        + "apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n---\n"
        + Services("allowed-1", "svc1", "svc2") + Services("allowed-2", "svc2", "svc3") + Services("default", "svc4")
        + Route("http", "allowed-1", ToGateway + "  hostnames: [a.domain.example, b.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /foo}, headers: [{name: my-header, value: some-value, type: Exact}]}]\n    backendRefs: [{name: svc1, port: 80}]\n"
            + "  - matches: [{path: {type: RegularExpression, value: \"/foo((\\\\/).*)?\"}}]\n    backendRefs: [{name: svc2, port: 80}]\n")
        + Route("http", "allowed-2", ToGateway + "  hostnames: [a.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /foo/bar}}, {path: {type: PathPrefix, value: /bar}}]\n    backendRefs: [{name: svc2, port: 80}]\n"
            + "  - matches: [{path: {type: Exact, value: /baz}, headers: [{name: my-header, value: some-value, type: Exact}], queryParams: [{name: my-param, value: some-value, type: RegularExpression}]}]\n"
            + "    backendRefs: [{name: svc2, port: 80}]\n"
            + "  - matches: [{path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: svc3, port: 80}]\n"
            + "  - matches: [{method: PATCH, path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: svc2, port: 80}]\n")
        + Route("http", "default", ToGateway + "  hostnames: [a.domain.example, b.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /abc}, headers: [{name: my-header, value: some-value, type: Exact}]}]\n    backendRefs: [{name: svc4, port: 80}]\n");

    /// <summary><c>weighted.yaml</c>: weights, a 0-weight backend dropped, a sole backend with its own header edits.</summary>
    private static readonly string Weighted = Gateway("[{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]")
        + Services("default", "httpbin", "httpbin-other", "httpbin-zero", "foo-svc")
        + Route("http", "default", ToGateway + "  hostnames: [first.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /get}}]\n"
            + "    backendRefs: [{name: httpbin, port: 80, weight: 2}, {name: httpbin-other, port: 8080, weight: 3}, {name: httpbin-zero, port: 8080, weight: 0}]\n"
            + "  - matches: [{path: {type: PathPrefix, value: /weighted-100}}]\n"
            + "    backendRefs:\n    - port: 8000\n      name: foo-svc\n      weight: 100\n      filters:\n"
            + "      - {type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: foo, value: bar}]}}\n"
            + "      - {type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: response, value: header}]}}\n");

    /// <summary><c>zero.yaml</c> and <c>empty-backend-refs.yaml</c>: rules without a backend of weight above 0 answer 500.</summary>
    private static readonly string NoBackends = Gateway(DomainListener) + Services("default", "httpbin", "httpbin-zero", "foo-svc")
        + Route("http", "default", ToGateway + "  hostnames: [first.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /get}}]\n    backendRefs: [{name: httpbin-zero, port: 8080, weight: 0}]\n"
            + "  - matches: [{path: {type: PathPrefix, value: /weighted-100}}]\n    backendRefs: [{name: foo-svc, port: 8000, weight: 100}]\n")
        + Route("no-backend", "default", ToGateway + "  hostnames: [no-backend.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /no-backend}}]\n"
            + "  - matches: [{path: {type: PathPrefix, value: /empty-list}}]\n    backendRefs: []\n")
        + Route("zero-weight-backend", "default", ToGateway + "  hostnames: [zero-weight.domain.example]\n  rules:\n"
            + "  - matches: [{path: {type: PathPrefix, value: /zero-weight}}]\n    backendRefs: [{name: httpbin, port: 80, weight: 0}]\n");

    /// <summary><c>redirect-only.yaml</c>: an HTTP→HTTPS redirect on the HTTP listener of a gateway that also has HTTPS.</summary>
    private static readonly string RedirectOnly = Gateway(
            "[{name: http, hostname: \"*.domain.example\", port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}, "
            + "{name: https, hostname: \"*.domain.example\", port: 443, protocol: HTTPS, tls: {mode: Terminate, certificateRefs: [{name: my-cert-http}]}, allowedRoutes: {namespaces: {from: All}}}]",
            "default")
        + Route("http-to-https-redirect", "istio-system", "  parentRefs: [{name: default, namespace: istio-system, sectionName: http}]\n  rules:\n"
            + "  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]\n");

    /// <summary>
    /// <c>isolation.yaml</c>: four listeners on one port; a wildcard listener gives up the hostnames a more exact one owns
    /// (<c>hostnameAllowedByIsolation</c>), so each route answers only on its listener's hostnames.
    /// </summary>
    private static readonly string Isolation = Gateway(
            "[{name: empty-hostname, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}, "
            + "{name: wildcard-example-com, port: 80, protocol: HTTP, hostname: \"*.example.com\", allowedRoutes: {namespaces: {from: All}}}, "
            + "{name: wildcard-foo-example-com, port: 80, protocol: HTTP, hostname: \"*.foo.example.com\", allowedRoutes: {namespaces: {from: All}}}, "
            + "{name: abc-foo-example-com, port: 80, protocol: HTTP, hostname: abc.foo.example.com, allowedRoutes: {namespaces: {from: All}}}]",
            "isolation", "gateway-conformance-infra")
        + Services("gateway-conformance-infra", "infra-backend-v1")
        + string.Concat(new[] { "empty-hostname", "wildcard-example-com", "wildcard-foo-example-com", "abc-foo-example-com" }.Select(listener =>
            Route($"attaches-to-{listener}-with-hostname-intersection", "gateway-conformance-infra",
                $"  parentRefs: [{{name: isolation, namespace: gateway-conformance-infra, sectionName: {listener}}}]\n"
                + "  hostnames: [bar.com, \"*.example.com\", \"*.foo.example.com\", abc.foo.example.com]\n  rules:\n"
                + $"  - matches: [{{path: {{type: PathPrefix, value: /{listener}}}}}]\n    backendRefs: [{{name: infra-backend-v1, port: 8080}}]\n")));

    private static readonly Dictionary<string, (string Yaml, string Gateway)> Fixtures = new()
    {
        ["isolation.yaml"] = (Isolation, "gateway-conformance-infra/isolation"),
        ["http.yaml"] = (Http, "istio-system/gateway"),
        ["route-precedence.yaml"] = (RoutePrecedence, "istio-system/gateway"),
        ["weighted.yaml"] = (Weighted, "istio-system/gateway"),
        ["zero.yaml+empty-backend-refs.yaml"] = (NoBackends, "istio-system/gateway"),
        ["redirect-only.yaml"] = (RedirectOnly, "istio-system/default"),
    };

    private static GatewayRouting Resolve(string fixture)
    {
        var (yaml, gateway) = Fixtures[fixture];
        var manifests = MeshManifests.Parse(yaml, fixture);
        return GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests, gateway), GatewayRoutes.Versions(manifests));
    }

    /// <summary>The golden's route name: the rule's own name, else "namespace.route.index".</summary>
    private static string GoldenName(GatewayRoute route) =>
        route.HttpRouteRule?.Name ?? $"{route.Id.Namespace}.{route.Id.Name}.{route.Id.Rule}";

    private static GatewayVirtualHost? Host(GatewayRouting routing, string domain) =>
        routing.VirtualHosts.SingleOrDefault(v => v.Domains.Contains(domain));

    /// <param name="expected">The golden's http routes of the host's VirtualService, "name: match" separated by " | ".</param>
    [Theory]
    [InlineData("http.yaml", "*.domain.example",
        "default.rewrite.1: prefix /prefix-to-be-removed | route1: prefix /prefix-original | default.rewrite.2: prefix /full-original | default.mirror.0: prefix /")]
    [InlineData("http.yaml", "first.domain.example", "default.http.0: prefix /get, header my-header = some-value")]
    [InlineData("http.yaml", "another.domain.example", "default.http.0: prefix /get, header my-header = some-value")]
    [InlineData("http.yaml", "second.domain.example", "default.http2.0: prefix /second | default.http2.1: prefix /")]
    [InlineData("http.yaml", "redirect.domain.example", "default.redirect-prefix-replace.0: prefix /original")]
    [InlineData("http.yaml", "retry.domain.example",
        "default.http-retry-request.0: prefix /explicit | default.http-retry-request.2: prefix /disable | default.http-retry-request.1: prefix /empty")]
    [InlineData("http.yaml", "cors.domain.example", "default.http-route-cors.0: prefix /")]
    [InlineData("route-precedence.yaml", "a.domain.example",
        "allowed-2.http.1: exact /baz, header my-header = some-value, query my-param ~ some-value | allowed-2.http.0: prefix /foo/bar"
        + " | allowed-1.http.0: prefix /foo, header my-header = some-value | allowed-2.http.0: prefix /bar | allowed-2.http.3: method PATCH, prefix /"
        + " | allowed-2.http.2: prefix /")]
    [InlineData("route-precedence.yaml", "b.domain.example", "allowed-1.http.0: prefix /foo, header my-header = some-value | allowed-1.http.1: regex /foo((\\/).*)?")]
    [InlineData("weighted.yaml", "first.domain.example", "default.http.1: prefix /weighted-100 | default.http.0: prefix /get")]
    [InlineData("zero.yaml+empty-backend-refs.yaml", "first.domain.example", "default.http.1: prefix /weighted-100 | default.http.0: prefix /get")]
    [InlineData("zero.yaml+empty-backend-refs.yaml", "no-backend.domain.example", "default.no-backend.0: prefix /no-backend | default.no-backend.1: prefix /empty-list")]
    [InlineData("redirect-only.yaml", "*.domain.example", "istio-system.http-to-https-redirect.0: prefix /")]
    public void Each_virtual_host_has_the_goldens_routes_in_the_goldens_order(string fixture, string domain, string expected)
    {
        var host = Host(Resolve(fixture), domain);

        Assert.NotNull(host);
        Assert.Equal(expected, string.Join(" | ", host.Routes.Select(r => $"{GoldenName(r)}: {r.Match}")));
    }

    [Theory]
    // Negative: a route whose hostnames the listener does not serve has no virtual host.
    [InlineData("http.yaml", "should.not.select", "default.http-not-selected.0")]
    // Negative: after the first catch-all of a VirtualService Envoy gets nothing (golden has it, route.go drops it).
    [InlineData("http.yaml", "*.domain.example", "default.redirect.0")]
    [InlineData("route-precedence.yaml", "a.domain.example", "allowed-1.http.1")]
    // Negative: the namespace "default" is not selected by the listener's allowedRoutes.
    [InlineData("route-precedence.yaml", "a.domain.example", "default.http.0")]
    public void Routes_the_golden_leaves_out_or_envoy_never_gets_are_not_served(string fixture, string domain, string route)
    {
        var routing = Resolve(fixture);

        Assert.DoesNotContain(routing.Routes, r => GoldenName(r) == route && r.Domains.Contains(domain));
    }

    /// <param name="expected">The golden's route fields in our words (<see cref="RouteActions.Describe"/>), " | " separated.</param>
    [Theory]
    [InlineData("http.yaml", "first.domain.example", "default.http.0",
        "request headers: add my-added-header: added-value; remove my-removed-header | response headers: add my-added-resp-header: added-resp-value; remove my-removed-header")]
    [InlineData("http.yaml", "*.domain.example", "route1", "rewrite prefix → /replacement, authority → new.example.com")]
    // ReplacePrefixMatch "" becomes uri "/" (createRewriteFilter: "`/` means removing the prefix").
    [InlineData("http.yaml", "*.domain.example", "default.rewrite.1", "rewrite prefix → /")]
    // ReplaceFullPath becomes uriRegexRewrite {match: /.*, rewrite: …}.
    [InlineData("http.yaml", "*.domain.example", "default.rewrite.2", "rewrite path /.* → /replacement, authority → new.example.com")]
    // fraction 4/8 → 50%, percent 80 → 80%.
    [InlineData("http.yaml", "*.domain.example", "default.mirror.0", "mirror to httpbin-mirror (50%) | mirror to httpbin-second (80%)")]
    [InlineData("http.yaml", "redirect.domain.example", "default.redirect-prefix-replace.0", "redirect 302 scheme https port 8080 prefix → /replacement")]
    [InlineData("redirect-only.yaml", "*.domain.example", "istio-system.http-to-https-redirect.0", "redirect 301 scheme https")]
    // Negative: a rule without filters has no actions.
    [InlineData("http.yaml", "second.domain.example", "default.http2.0", "")]
    public void Filters_become_the_goldens_route_fields(string fixture, string domain, string route, string expected)
    {
        var served = Assert.Single(Host(Resolve(fixture), domain)!.Routes, r => GoldenName(r) == route);

        Assert.Equal(expected, string.Join(" | ", served.Actions.Describe()));
    }

    /// <param name="expected">The route that serves the request (the golden VirtualService's HTTPRoute), or "404".</param>
    [Theory]
    [InlineData("bar.com", "/empty-hostname", "attaches-to-empty-hostname-with-hostname-intersection")]
    [InlineData("x.example.com", "/wildcard-example-com", "attaches-to-wildcard-example-com-with-hostname-intersection")]
    [InlineData("x.foo.example.com", "/wildcard-foo-example-com", "attaches-to-wildcard-foo-example-com-with-hostname-intersection")]
    [InlineData("abc.foo.example.com", "/abc-foo-example-com", "attaches-to-abc-foo-example-com-with-hostname-intersection")]
    // Negative: a less specific listener's route never answers a hostname a more specific listener owns.
    [InlineData("x.example.com", "/empty-hostname", "404")]
    [InlineData("x.foo.example.com", "/wildcard-example-com", "404")]
    [InlineData("x.foo.example.com", "/empty-hostname", "404")]
    [InlineData("abc.foo.example.com", "/wildcard-foo-example-com", "404")]
    [InlineData("abc.foo.example.com", "/wildcard-example-com", "404")]
    // Negative: bar.com is outside every wildcard listener.
    [InlineData("bar.com", "/wildcard-example-com", "404")]
    [InlineData("bar.com", "/abc-foo-example-com", "404")]
    public void Isolation_yaml_each_listener_keeps_its_own_hostnames(string host, string path, string expected)
    {
        var (cleanPath, query) = RequestFacts.SplitTarget(path);

        var served = Resolve("isolation.yaml").Select(new RequestFacts("GET", host, cleanPath, query, []));

        Assert.Equal(expected, served?.Source.Name ?? "404");
    }

    [Theory]
    // Ours, from conversion.go headerListToMap: of two entries with an equivalent name the first is kept, in set and in add.
    [InlineData("set", "[{name: X-A, value: first}, {name: x-a, value: second}]", "request headers: set X-A: first")]
    [InlineData("add", "[{name: x-b, value: first}, {name: X-B, value: second}, {name: x-c, value: third}]", "request headers: add x-b: first, x-c: third")]
    public void Header_entries_with_an_equivalent_name_keep_the_first(string operation, string entries, string expected)
    {
        var yaml = Gateway(DomainListener) + Services("default", "httpbin") + Route("dup", "default", ToGateway + "  rules:\n"
            + $"  - filters: [{{type: RequestHeaderModifier, requestHeaderModifier: {{{operation}: {entries}}}}}]\n    backendRefs: [{{name: httpbin, port: 80}}]\n");
        var manifests = MeshManifests.Parse(yaml);

        var route = Assert.Single(GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests), GatewayRoutes.Versions(manifests)).Routes);

        Assert.Equal(expected, string.Join(" | ", route.Actions.Describe()));
    }

    [Fact]
    public void Redirect_only_yaml_without_a_port_and_with_a_scheme_derives_the_port_from_the_protocol_default()
    {
        var served = Assert.Single(Resolve("redirect-only.yaml").Routes);

        Assert.Equal((RedirectPort.FromProtocolDefault, (int?)null), (served.Actions.Redirect!.DerivePort, served.Actions.Redirect.Port));
        Assert.True(served.AnswersLocally);
    }

    /// <param name="expected">"service weight" per destination as the golden lists them; "" = a direct 500.</param>
    [Theory]
    // 0-weight backends are left out (buildHTTPDestination); a sole backend's weight is dropped ("weights = []int{0}").
    [InlineData("weighted.yaml", "first.domain.example", "default.http.0", "default/httpbin 2, default/httpbin-other 3")]
    [InlineData("weighted.yaml", "first.domain.example", "default.http.1", "default/foo-svc 100")]
    [InlineData("http.yaml", "second.domain.example", "default.http2.0", "default/httpbin-second 1")]
    // No backend of weight above 0, or none at all: directResponse 500.
    [InlineData("zero.yaml+empty-backend-refs.yaml", "first.domain.example", "default.http.0", "")]
    [InlineData("zero.yaml+empty-backend-refs.yaml", "no-backend.domain.example", "default.no-backend.0", "")]
    [InlineData("zero.yaml+empty-backend-refs.yaml", "no-backend.domain.example", "default.no-backend.1", "")]
    [InlineData("zero.yaml+empty-backend-refs.yaml", "zero-weight.domain.example", "default.zero-weight-backend.0", "")]
    // A redirect has no destination.
    [InlineData("http.yaml", "redirect.domain.example", "default.redirect-prefix-replace.0", "")]
    public void Backends_and_weights_are_the_goldens_destinations(string fixture, string domain, string route, string expected)
    {
        var served = Assert.Single(Host(Resolve(fixture), domain)!.Routes, r => GoldenName(r) == route);

        Assert.Equal(expected, string.Join(", ", served.Backends.Select(b => $"{b.Destination.QualifiedService} {b.Weight}")));
        Assert.Equal(expected.Length == 0, served.AnswersLocally);
    }

    [Fact]
    public void Weighted_yaml_a_sole_backends_header_filters_stay_on_its_destination()
    {
        var served = Assert.Single(Host(Resolve("weighted.yaml"), "first.domain.example")!.Routes, r => GoldenName(r) == "default.http.1");
        var backend = Assert.Single(served.Backends);

        Assert.Equal(("add foo: bar", "add response: header"), (backend.Destination.Headers?.Request?.ToString(), backend.Destination.Headers?.Response?.ToString()));
        Assert.True(served.SingleCluster);
        Assert.False(Assert.Single(Host(Resolve("weighted.yaml"), "first.domain.example")!.Routes, r => GoldenName(r) == "default.http.0").SingleCluster);
    }

    [Fact]
    public void Http_yaml_the_cors_filter_is_converted_by_istio_but_reported_as_not_emulated()
    {
        var routing = Resolve("http.yaml");

        Assert.Contains(routing.Findings, f => f.RuleId == RoutingRules.Emulated && f.Verdict == FindingVerdict.Gap
            && f.Subject.Name == "http-route-cors" && f.Message.Contains("CORS", StringComparison.Ordinal));
    }
}
