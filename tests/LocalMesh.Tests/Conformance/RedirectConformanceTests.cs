namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// RequestRedirect as the Gateway API conformance suite checks it (v1.6.1 <c>httproute-redirect-host-and-status</c>,
/// <c>-redirect-path</c>, <c>-redirect-port</c>, <c>-redirect-scheme</c>, <c>-redirect-port-and-scheme</c>,
/// <c>httproute-303/307/308-redirect</c>): status and the whole Location, as Envoy builds it from what Istio
/// programs (<c>conversion.go</c> <c>createRedirectFilter</c>: no port and no scheme → the listener's port; a scheme
/// and no port → the scheme's default; <c>route.go</c> <c>ApplyRedirect</c>: :80 for http and :443 for https left out;
/// Envoy <c>source/common/http/utility.cc</c> <c>newUri</c>/<c>processRequestHost</c>). A request names its Host like a
/// conformance client: no port for port 80, ":8080" for the 8080 listener.
/// </summary>
public sealed class RedirectConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private const string Gw = ConformanceGateway.GatewayAddress;

    private static string Rule(string prefix, string redirect) =>
        $"  - matches: [{{path: {{type: PathPrefix, value: {prefix}}}}}]\n    filters: [{{type: RequestRedirect, requestRedirect: {redirect}}}]\n";

    private static string Route(string name, string parent, params string[] rules) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: gateway-conformance-infra}}\n"
        + $"spec:\n  parentRefs: [{{name: {parent}}}]\n  rules:\n" + string.Concat(rules) + "---\n";

    private static readonly string Redirects =
        Route("redirect-host-and-status", ConformanceBase.SameNamespace,
            Rule("/hostname-redirect", "{hostname: example.org}"),
            Rule("/host-and-status", "{statusCode: 301, hostname: example.org}"))
        + Route("redirect-path", ConformanceBase.SameNamespace,
            Rule("/original-prefix", "{path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}"),
            Rule("/full", "{path: {type: ReplaceFullPath, replaceFullPath: /full-path-replacement}}"),
            Rule("/path-and-host", "{hostname: example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}"),
            Rule("/path-and-status", "{path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}, statusCode: 301}"),
            Rule("/full-path-and-host", "{hostname: example.org, path: {type: ReplaceFullPath, replaceFullPath: /replacement-full}}"),
            Rule("/full-path-and-status", "{path: {type: ReplaceFullPath, replaceFullPath: /replacement-full}, statusCode: 301}"))
        + Route("redirect-port", ConformanceBase.SameNamespace,
            Rule("/port", "{port: 8083}"),
            Rule("/port-and-host", "{hostname: example.org, port: 8083}"),
            Rule("/port-and-status", "{port: 8083, statusCode: 301}"),
            Rule("/port-and-host-and-status", "{port: 8083, hostname: example.org, statusCode: 302}"))
        + Route("redirect-scheme", ConformanceBase.SameNamespace,
            Rule("/scheme", "{scheme: https}"),
            Rule("/scheme-and-host", "{hostname: example.org, scheme: https}"),
            Rule("/scheme-and-status", "{scheme: https, statusCode: 301}"),
            Rule("/scheme-and-host-and-status", "{scheme: https, statusCode: 302, hostname: example.org}"))
        + Route("http-route-for-listener-on-port-80", ConformanceBase.SameNamespace,
            Rule("/scheme-nil-and-port-nil", "{hostname: example.org}"),
            Rule("/scheme-nil-and-port-80", "{port: 80, hostname: example.org}"),
            Rule("/scheme-nil-and-port-8080", "{port: 8080, hostname: example.org}"),
            Rule("/scheme-https-and-port-nil", "{scheme: https, hostname: example.org}"),
            Rule("/scheme-https-and-port-443", "{scheme: https, port: 443, hostname: example.org}"),
            Rule("/scheme-https-and-port-8443", "{scheme: https, port: 8443, hostname: example.org}"))
        + Route("303-redirect", ConformanceBase.SameNamespace, Rule("/see-other", "{statusCode: 303}"))
        + Route("307-redirect", ConformanceBase.SameNamespace, Rule("/temporary", "{statusCode: 307}"))
        + Route("308-redirect", ConformanceBase.SameNamespace, Rule("/permanent", "{statusCode: 308}"));

    [Theory]
    [InlineData("HTTPRouteRedirectHostAndStatus/0", "GET", Gw, "/hostname-redirect", 302, "http://example.org/hostname-redirect")]
    [InlineData("HTTPRouteRedirectHostAndStatus/1", "GET", Gw, "/host-and-status", 301, "http://example.org/host-and-status")]
    [InlineData("HTTPRouteRedirectPath/0", "GET", Gw, "/original-prefix/lemon", 302, $"http://{Gw}/replacement-prefix/lemon")]
    [InlineData("HTTPRouteRedirectPath/1", "GET", Gw, "/full/path/original", 302, $"http://{Gw}/full-path-replacement")]
    [InlineData("HTTPRouteRedirectPath/2", "GET", Gw, "/path-and-host", 302, "http://example.org/replacement-prefix")]
    [InlineData("HTTPRouteRedirectPath/3", "GET", Gw, "/path-and-status", 301, $"http://{Gw}/replacement-prefix")]
    [InlineData("HTTPRouteRedirectPath/4", "GET", Gw, "/full-path-and-host", 302, "http://example.org/replacement-full")]
    [InlineData("HTTPRouteRedirectPath/5", "GET", Gw, "/full-path-and-status", 301, $"http://{Gw}/replacement-full")]
    [InlineData("HTTPRouteRedirectPort/0", "GET", Gw, "/port", 302, $"http://{Gw}:8083/port")]
    [InlineData("HTTPRouteRedirectPort/1", "GET", Gw, "/port-and-host", 302, "http://example.org:8083/port-and-host")]
    [InlineData("HTTPRouteRedirectPort/2", "GET", Gw, "/port-and-status", 301, $"http://{Gw}:8083/port-and-status")]
    [InlineData("HTTPRouteRedirectPort/3", "GET", Gw, "/port-and-host-and-status", 302, "http://example.org:8083/port-and-host-and-status")]
    [InlineData("HTTPRouteRedirectScheme/0", "GET", Gw, "/scheme", 302, $"https://{Gw}/scheme")]
    [InlineData("HTTPRouteRedirectScheme/1", "GET", Gw, "/scheme-and-host", 302, "https://example.org/scheme-and-host")]
    [InlineData("HTTPRouteRedirectScheme/2", "GET", Gw, "/scheme-and-status", 301, $"https://{Gw}/scheme-and-status")]
    [InlineData("HTTPRouteRedirectScheme/3", "GET", Gw, "/scheme-and-host-and-status", 302, "https://example.org/scheme-and-host-and-status")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-80/0", "GET", Gw, "/scheme-nil-and-port-nil", 302, "http://example.org/scheme-nil-and-port-nil")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-80/1", "GET", Gw, "/scheme-nil-and-port-80", 302, "http://example.org/scheme-nil-and-port-80")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-80/2", "GET", Gw, "/scheme-nil-and-port-8080", 302, "http://example.org:8080/scheme-nil-and-port-8080")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-80/3", "GET", Gw, "/scheme-https-and-port-nil", 302, "https://example.org/scheme-https-and-port-nil")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-80/4", "GET", Gw, "/scheme-https-and-port-443", 302, "https://example.org/scheme-https-and-port-443")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-80/5", "GET", Gw, "/scheme-https-and-port-8443", 302, "https://example.org:8443/scheme-https-and-port-8443")]
    [InlineData("HTTPRoute303Redirect/0", "POST", Gw, "/see-other", 303, $"http://{Gw}/see-other")]
    [InlineData("HTTPRoute307Redirect/0", "GET", Gw, "/temporary", 307, $"http://{Gw}/temporary")]
    [InlineData("HTTPRoute308Redirect/0", "GET", Gw, "/permanent", 308, $"http://{Gw}/permanent")]
    // Ours, from Envoy's newUri: the query stays (a full path without "?" keeps the request's query).
    [InlineData("HTTPRouteRedirectPath/-", "GET", Gw, "/original-prefix/lemon?a=1", 302, $"http://{Gw}/replacement-prefix/lemon?a=1")]
    [InlineData("HTTPRouteRedirectPath/-", "GET", Gw, "/full/x?a=1", 302, $"http://{Gw}/full-path-replacement?a=1")]
    // Ours: a port in the request's Host. Without a port rule Istio programs the listener port (80, then left out),
    // so Envoy keeps the authority as it came; a new scheme drops only the old scheme's default port.
    [InlineData("HTTPRouteRedirectPath/-", "GET", Gw + ":1234", "/original-prefix/lemon", 302, $"http://{Gw}:1234/replacement-prefix/lemon")]
    [InlineData("HTTPRouteRedirectPath/-", "GET", Gw + ":80", "/original-prefix/lemon", 302, $"http://{Gw}:80/replacement-prefix/lemon")]
    [InlineData("HTTPRouteRedirectScheme/-", "GET", Gw + ":1234", "/scheme", 302, $"https://{Gw}:1234/scheme")]
    [InlineData("HTTPRouteRedirectScheme/-", "GET", Gw + ":80", "/scheme", 302, $"https://{Gw}/scheme")]
    [InlineData("HTTPRouteRedirectPort/-", "GET", Gw + ":1234", "/port", 302, $"http://{Gw}:8083/port")]
    public async Task HTTPRouteRedirect(string @case, string method, string host, string path, int status, string location)
    {
        var gateway = await gateways.GetAsync(Redirects);

        using var response = await gateway.SendAsync(method, path, host: host);

        Assert.True((int)response.StatusCode == status, $"{@case}: expected {status}, got {(int)response.StatusCode}");
        Assert.True(response.Headers.Location?.OriginalString == location, $"{@case}: expected Location {location}, got {response.Headers.Location}");
        // Negative: a redirect is Envoy's own answer; no backend ever sees a request (these routes have none).
        Assert.All(ConformanceBase.Services, s => Assert.Empty(gateway.Backends[s.Service].Received));
    }

    private const string Listener8080 = "same-namespace-with-http-listener-on-8080";

    private static readonly string Redirects8080 =
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: {Listener8080}, namespace: gateway-conformance-infra}}\n"
        + "spec:\n  gatewayClassName: istio\n  listeners: [{name: http, port: 8080, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}]\n---\n"
        + Route("http-route-for-listener-on-port-8080", Listener8080,
            Rule("/scheme-nil-and-port-nil", "{hostname: example.org}"),
            Rule("/scheme-nil-and-port-80", "{port: 80, hostname: example.org}"),
            Rule("/scheme-https-and-port-nil", "{scheme: https, hostname: example.org}"),
            Rule("/original-prefix", "{path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}"));

    [Theory]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-8080/0", Gw + ":8080", "/scheme-nil-and-port-nil", "http://example.org:8080/scheme-nil-and-port-nil")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-8080/1", Gw + ":8080", "/scheme-nil-and-port-80", "http://example.org/scheme-nil-and-port-80")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-8080/2", Gw + ":8080", "/scheme-https-and-port-nil", "https://example.org/scheme-https-and-port-nil")]
    // Ours: the port comes from the listener Istio builds the route for, not from the Host the client sent.
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-8080/-", Gw, "/original-prefix/x", $"http://{Gw}:8080/replacement-prefix/x")]
    [InlineData("HTTPRouteRedirectPortAndScheme/http-listener-on-8080/-", Gw + ":1234", "/original-prefix/x", $"http://{Gw}:8080/replacement-prefix/x")]
    public async Task HTTPRouteRedirectPortAndScheme_on_a_listener_on_8080(string @case, string host, string path, string location)
    {
        var gateway = await gateways.GetAsync(Redirects8080, Listener8080);

        using var response = await gateway.SendAsync("GET", path, host: host);

        Assert.True((int)response.StatusCode == 302, $"{@case}: expected 302, got {(int)response.StatusCode}");
        Assert.True(response.Headers.Location?.OriginalString == location, $"{@case}: expected Location {location}, got {response.Headers.Location}");
    }
}
