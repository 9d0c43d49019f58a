using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
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
