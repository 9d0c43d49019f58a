using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using Microsoft.Extensions.Primitives;
using static AmbientVerify.TestSupport.Routes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>
/// What a route does to the request path, each row read in Envoy (<c>source/common/router/config_impl.cc</c>
/// <c>rewritePathByPrefixOrRegex</c>, <c>generateNewPath</c>) and Istio (<c>route.go</c> <c>applyHTTPRouteDestination</c>).
/// The conformance tables (<c>Conformance/RewriteConformanceTests</c>) run the same facts through the gateway.
/// </summary>
public sealed class RouteRewritesTests
{
    private static GatewayRoute Rewriting(PathMatch match, UriRewrite rewrite, bool httpRoute = true) =>
        httpRoute
            ? HttpRoute(path: match, actions: new RouteActions { Rewrite = rewrite })
            : VirtualService(path: match, actions: new RouteActions { Rewrite = rewrite });

    [Theory]
    // HTTPRoute ReplacePrefixMatch: the matched prefix is swapped, the rest kept as is.
    [InlineData("/prefix/one", "/one", "/prefix/one/two", "/one/two")]
    [InlineData("/prefix/one", "/one", "/prefix/one", "/one")]
    [InlineData("/prefix/one", "/one", "/prefix/one/", "/one/")]
    // ReplacePrefixMatch "/" (Istio's regex ^prefix(/?)(.*) → /\2): the prefix and at most one slash go.
    [InlineData("/strip-prefix", "/", "/strip-prefix/three", "/three")]
    [InlineData("/strip-prefix", "/", "/strip-prefix", "/")]
    [InlineData("/strip-prefix", "/", "/strip-prefix/", "/")]
    [InlineData("/strip-prefix", "/", "/strip-prefix//three", "//three")]
    // Prefix "/" is not path-separated: the rewrite is glued to what follows the one "/" (Envoy: rewrite + path[1..]).
    [InlineData("/", "/api", "/x", "/apix")]
    public void An_httproute_prefix_rewrite_swaps_the_matched_prefix_like_envoy(string prefix, string rewrite, string path, string expected)
    {
        var route = Rewriting(Prefix(prefix), new UriRewrite(rewrite, null, null, null));

        Assert.Equal(expected, RouteRewrites.RewritePath(route, path));
    }

    [Theory]
    [InlineData("/full/one", "/one", "/full/one/two", "/one")]
    [InlineData("/full/one", "/one", "/full/one", "/one")]
    // RE2 takes "$" in a substitution literally (only \N is a group).
    [InlineData("/full/one", "/price$1", "/full/one/x", "/price$1")]
    public void An_httproute_full_path_rewrite_replaces_the_whole_path(string prefix, string replacement, string path, string expected)
    {
        var route = Rewriting(Prefix(prefix), new UriRewrite(null, "/.*", replacement, null));

        Assert.Equal(expected, RouteRewrites.RewritePath(route, path));
    }

    [Theory]
    // A VirtualService prefix is a plain string prefix, and a rewrite to "/" is Envoy's prefix_rewrite, not Istio's regex.
    [InlineData("/api", "/", "/api/x", "//x")]
    [InlineData("/api", "/v2", "/apix", "/v2x")]
    public void A_virtual_service_prefix_rewrite_is_envoys_plain_prefix_rewrite(string prefix, string rewrite, string path, string expected)
    {
        var route = Rewriting(Prefix(prefix), new UriRewrite(rewrite, null, null, null), httpRoute: false);

        Assert.Equal(expected, RouteRewrites.RewritePath(route, path));
    }
}

/// <summary>
/// The Location of a redirect, each row read in Istio (<c>conversion.go</c> <c>createRedirectFilter</c>, <c>route.go</c>
/// <c>ApplyRedirect</c>) and Envoy (<c>source/common/http/utility.cc</c> <c>newUri</c>, <c>processRequestHost</c>;
/// <c>config_impl.cc</c> <c>generateNewPath</c> for the prefix). <c>Conformance/RedirectConformanceTests</c> runs the
/// conformance suite's redirects through the gateway.
/// </summary>
public sealed class RedirectLocationTests
{
    private static RequestFacts Request(string authority, string pathAndQuery, string scheme = "http")
    {
        var (path, query) = RequestFacts.SplitTarget(pathAndQuery);
        return new RequestFacts("GET", authority, path, query, []) { Scheme = scheme };
    }

    private static string Location(Redirect redirect, string authority, string pathAndQuery, int listenerPort = 80, string prefix = "/a")
    {
        var route = HttpRoute(path: Prefix(prefix), actions: new RouteActions { Redirect = redirect });
        var query = pathAndQuery.Contains('?') ? pathAndQuery[(pathAndQuery.IndexOf('?') + 1)..] : "";
        return RouteRewrites.Location(route, redirect, Request(authority, pathAndQuery), query, listenerPort);
    }

    // HTTPRoute RequestRedirect as the reader converts it: no port → FROM_REQUEST_PORT, or with a scheme FROM_PROTOCOL_DEFAULT.
    private static Redirect HttpRouteRedirect(string? scheme = null, string? host = null, int? port = null, string? path = null, string? prefix = null) =>
        new(path, prefix, host, scheme, port,
            port is not null ? RedirectPort.Keep : scheme is not null ? RedirectPort.FromProtocolDefault : RedirectPort.FromRequest, 302);

    [Theory]
    // FROM_REQUEST_PORT is the listener's port: 80 is left out, so the request's authority stays as it came.
    [InlineData(80, "gw", "http://gw/a/b")]
    [InlineData(80, "gw:1234", "http://gw:1234/a/b")]
    [InlineData(80, "gw:80", "http://gw:80/a/b")]
    // On another listener port Envoy is told that port, and the request's port goes.
    [InlineData(8080, "gw", "http://gw:8080/a/b")]
    [InlineData(8080, "gw:1234", "http://gw:8080/a/b")]
    public void Without_a_port_an_httproute_redirect_takes_the_listener_port(int listenerPort, string authority, string expected) =>
        Assert.Equal(expected, Location(HttpRouteRedirect(), authority, "/a/b", listenerPort));

    [Theory]
    // FROM_PROTOCOL_DEFAULT sets no port: the authority stays, minus the old scheme's default port.
    [InlineData("gw", "https://gw/a")]
    [InlineData("gw:80", "https://gw/a")]
    [InlineData("gw:1234", "https://gw:1234/a")]
    [InlineData("[::1]:80", "https://[::1]/a")]
    [InlineData("[::1]", "https://[::1]/a")]
    public void A_scheme_without_a_port_keeps_the_authority_except_the_old_default_port(string authority, string expected) =>
        Assert.Equal(expected, Location(HttpRouteRedirect(scheme: "https"), authority, "/a"));

    [Theory]
    // An explicit port replaces the request's.
    [InlineData(null, 8083, "gw:1234", "http://gw:8083/a")]
    [InlineData(null, 443, "gw:1234", "http://gw:443/a")]
    [InlineData("https", 80, "gw:1234", "https://gw:80/a")]
    // The scheme's own default is left out (ApplyRedirect sets PortRedirect 0), which Envoy reads as "no port rule":
    // the request's authority then stays as it came, port included.
    [InlineData(null, 80, "gw", "http://gw/a")]
    [InlineData(null, 80, "gw:1234", "http://gw:1234/a")]
    [InlineData("https", 443, "gw", "https://gw/a")]
    [InlineData("https", 443, "gw:80", "https://gw/a")]
    [InlineData("https", 443, "gw:1234", "https://gw:1234/a")]
    public void An_explicit_port_is_written_unless_it_is_the_schemes_default(string? scheme, int port, string authority, string expected) =>
        Assert.Equal(expected, Location(HttpRouteRedirect(scheme: scheme, port: port), authority, "/a"));

    [Theory]
    // A hostname replaces the whole authority; the port is only what the redirect says.
    [InlineData(null, "http://example.org/a")]
    [InlineData(8083, "http://example.org:8083/a")]
    public void A_hostname_replaces_the_authority(int? port, string expected) =>
        Assert.Equal(expected, Location(HttpRouteRedirect(host: "example.org", port: port), "gw:1234", "/a"));

    [Theory]
    // Envoy's prefix rewrite glues the rewrite to what follows the matched prefix, as written (no slash fixing).
    [InlineData("/a", "/b", "/a/x?q=1", "http://gw/b/x?q=1")]
    [InlineData("/a", "/b/", "/a/x", "http://gw/b//x")]
    [InlineData("/a", "/b", "/a", "http://gw/b")]
    [InlineData("/", "/b", "/x", "http://gw/bx")]
    public void A_prefix_redirect_swaps_the_matched_prefix_like_envoy(string matchPrefix, string rewrite, string request, string expected) =>
        Assert.Equal(expected, Location(HttpRouteRedirect(prefix: rewrite), "gw", request, prefix: matchPrefix));

    [Theory]
    // A full path keeps the request's query unless it brings its own.
    [InlineData("/full", "/a/x?q=1", "http://gw/full?q=1")]
    [InlineData("/full?own=1", "/a/x?q=1", "http://gw/full?own=1")]
    public void A_full_path_redirect_keeps_the_query_unless_it_has_one(string path, string request, string expected) =>
        Assert.Equal(expected, Location(HttpRouteRedirect(path: path), "gw", request));

    [Theory]
    // A VirtualService redirect without port or derivePort sets no port rule: nothing is derived, nothing left out.
    [InlineData("gw:80", null, "http://gw:80/a")]
    [InlineData("gw:1234", null, "http://gw:1234/a")]
    [InlineData("gw:1234", "example.org", "http://example.org/a")]
    public void A_virtual_service_redirect_without_port_rule_keeps_the_authority(string authority, string? host, string expected) =>
        Assert.Equal(expected, Location(new Redirect(null, null, host, null, null, RedirectPort.Keep, 301), authority, "/a"));
}

/// <summary>
/// Header edits in Envoy's order, each row read in Envoy (<c>source/common/router/header_parser.cc</c>
/// <c>evaluateHeaders</c>: removes before adds; <c>config_impl.cc</c>: a weighted cluster's parser before the route's)
/// and Istio (<c>route.go</c> <c>processDestination</c>: a sole destination's edits appended to the route's;
/// <c>processWeightedDestination</c>: a weighted destination's on its cluster).
/// </summary>
public sealed class HeaderEditOrderTests
{
    private static HeaderOperations Ops(string set = "", string add = "", string remove = "") => new(
        Pairs(set), Pairs(add), remove.Split(',', StringSplitOptions.RemoveEmptyEntries));

    private static List<KeyValuePair<string, string>> Pairs(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('='))
            .Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();

    private static string Edited(GatewayRoute route, RouteBackend backend, string sent)
    {
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Pairs(sent))
        {
            headers[name] = value;
        }

        foreach (var edits in RouteRewrites.RequestHeaderEdits(route, backend))
        {
            RouteRewrites.Apply(edits, headers);
        }

        return string.Join(";", headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"));
    }

    private static GatewayRoute Route(HeaderOperations? ofRoute, HeaderOperations? ofBackend, int backends)
    {
        var destinations = Enumerable.Range(0, backends)
            .Select(i => Destination($"svc-{i}") with { Headers = new HeaderPolicy(ofBackend, null) })
            .ToList();
        return HttpRoute(actions: new RouteActions { Headers = new HeaderPolicy(ofRoute, null) }, backends: destinations);
    }

    [Theory]
    // One parser: a remove never undoes a set or add of the same parser.
    [InlineData("", "x=new", "x", "x=old", "x=new")]
    [InlineData("", "", "x", "x=old", "")]
    [InlineData("x=new", "", "x", "x=old", "x=new")]
    [InlineData("", "", "x", "y=1", "y=1")]
    public void Removes_come_before_sets_and_adds(string set, string add, string remove, string sent, string expected) =>
        Assert.Equal(expected, Edited(Route(Ops(set, add, remove), null, backends: 1), Route(null, null, 1).Backends[0], sent));

    [Theory]
    // A sole destination's edits follow the route's in the same parser: its set wins, the route's remove runs first.
    [InlineData("x=route", "", "", "x=backend", "", "", "", "x=backend")]
    [InlineData("", "", "x", "", "x=backend", "", "x=client", "x=backend")]
    [InlineData("", "x=route", "", "", "", "x", "x=client", "x=route")]
    public void A_sole_destinations_edits_follow_the_routes(string routeSet, string routeAdd, string routeRemove,
        string backendSet, string backendAdd, string backendRemove, string sent, string expected)
    {
        var route = Route(Ops(routeSet, routeAdd, routeRemove), Ops(backendSet, backendAdd, backendRemove), backends: 1);

        Assert.Equal(expected, Edited(route, route.Backends[0], sent));
    }

    [Theory]
    // Weighted clusters: the destination's parser runs first, the route's after it.
    [InlineData("x=route", "", "", "x=backend", "", "", "", "x=route")]
    [InlineData("", "", "x", "", "x=backend", "", "x=client", "")]
    [InlineData("", "x=route", "", "", "", "x", "x=client", "x=route")]
    public void A_weighted_destinations_edits_come_before_the_routes(string routeSet, string routeAdd, string routeRemove,
        string backendSet, string backendAdd, string backendRemove, string sent, string expected)
    {
        var route = Route(Ops(routeSet, routeAdd, routeRemove), Ops(backendSet, backendAdd, backendRemove), backends: 2);

        Assert.Equal(expected, Edited(route, route.Backends[0], sent));
    }

    [Theory]
    // The route's authority (rewrite, then its host edit) beats a destination's host edit.
    [InlineData(null, null, "backend.example", "backend.example")]
    [InlineData(null, "route.example", "backend.example", "route.example")]
    [InlineData("rewrite.example", "route.example", "backend.example", "rewrite.example")]
    [InlineData(null, null, null, "client.example")]
    public void The_routes_authority_wins_over_the_destinations(string? rewrite, string? routeHost, string? backendHost, string expected)
    {
        var route = HttpRoute(
            actions: new RouteActions
            {
                Rewrite = rewrite is null ? null : new UriRewrite(null, null, null, rewrite),
                Headers = routeHost is null ? null : new HeaderPolicy(Ops(set: $"host={routeHost}"), null),
            },
            backends: [Destination() with { Headers = backendHost is null ? null : new HeaderPolicy(Ops(set: $"Host={backendHost}"), null) }]);

        Assert.Equal(expected, RouteRewrites.RewriteAuthority(route, route.Backends[0], "client.example"));
    }
}
