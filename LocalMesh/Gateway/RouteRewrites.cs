using System.Globalization;
using System.Text.RegularExpressions;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using Microsoft.Extensions.Primitives;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// What a route does to a request before the router sends it, and the redirects it answers itself, as Istio programs
/// Envoy (<c>route.go</c> <c>applyHTTPRouteDestination</c>, <c>ApplyRedirect</c>, <c>TranslateHeadersOperations</c>).
/// </summary>
public static class RouteRewrites
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The upstream path after the route's <c>rewrite</c>: a prefix rewrite swaps the matched prefix (Envoy's
    /// <c>generateNewPath</c>: the rewrite, then the path after the matched prefix, as is); with Gateway API semantics a
    /// rewrite to "/" drops the prefix and at most one "/" after it (Istio's regex <c>^prefix(/?)(.*)</c> → <c>/\2</c>,
    /// <c>route.go</c> <c>applyHTTPRouteDestination</c>); a regex rewrite replaces every match in the path. The query is
    /// kept as it was.
    /// </summary>
    public static string RewritePath(GatewayRoute route, string path)
    {
        if (route.Actions.Rewrite is not { } rewrite)
        {
            return path;
        }

        if (rewrite.RegexMatch is { } pattern)
        {
            return SafeReplace(path, pattern, rewrite.RegexReplacement ?? "");
        }

        if (rewrite.Prefix is not { } prefix)
        {
            return path;
        }

        var matched = route.Match.Path;
        if (matched.Type != PathMatchType.PathPrefix)
        {
            // Envoy swaps the whole matched path of an exact or regex route.
            return prefix;
        }

        var matchedPrefix = route.GatewaySemantics && matched.Value != "/" ? matched.Value.TrimEnd('/') : matched.Value;
        var rest = path.Length >= matchedPrefix.Length ? path[matchedPrefix.Length..] : "";
        if (route.GatewaySemantics && prefix == "/")
        {
            // (/?) takes one slash only: "/strip//three" → "//three", as Envoy's regex rewrite does.
            return "/" + (rest.StartsWith('/') ? rest[1..] : rest);
        }

        return prefix + rest;
    }

    /// <summary>
    /// The upstream authority: the rewrite's, else a host/:authority edit of the route (set before add), else one of the
    /// destination's, else the request's. Istio gives the route's authority precedence over the destination's
    /// (<c>route.go</c> <c>applyHTTPRouteDestination</c>, <c>processDestination</c>: "we only override if the top level
    /// rewrite is not set"; for weighted clusters Envoy applies the route's host rewrite after the cluster's).
    /// </summary>
    public static string RewriteAuthority(GatewayRoute route, RouteBackend backend, string authority) =>
        route.Actions.Rewrite?.Authority
        ?? AuthorityOf(route.Actions.Headers?.Request)
        ?? AuthorityOf(backend.Destination.Headers?.Request)
        ?? authority;

    /// <summary>
    /// The request header edits of one request in the order Envoy applies them, each one of Envoy's header parsers.
    /// Istio appends a sole destination's edits to the route's own (one parser: all removes, then the route's sets and
    /// adds, then the destination's; <c>route.go</c> <c>processDestination</c>), and puts a weighted destination's on
    /// its weighted cluster, which Envoy applies before the route's (<c>processWeightedDestination</c>; Envoy
    /// <c>config_impl.cc</c> weighted cluster <c>finalizeRequestHeaders</c>).
    /// </summary>
    public static IReadOnlyList<HeaderOperations> RequestHeaderEdits(GatewayRoute route, RouteBackend backend) =>
        EnvoyOrder(route.Actions.Headers?.Request, backend.Destination.Headers?.Request, route.SingleCluster);

    /// <summary>The response header edits, in the same order as <see cref="RequestHeaderEdits"/>.</summary>
    public static IReadOnlyList<HeaderOperations> ResponseHeaderEdits(GatewayRoute route, RouteBackend backend) =>
        EnvoyOrder(route.Actions.Headers?.Response, backend.Destination.Headers?.Response, route.SingleCluster);

    private static IReadOnlyList<HeaderOperations> EnvoyOrder(HeaderOperations? ofRoute, HeaderOperations? ofBackend, bool singleCluster)
    {
        if (!singleCluster)
        {
            return new[] { ofBackend, ofRoute }.OfType<HeaderOperations>().ToList();
        }

        if (ofRoute is null || ofBackend is null)
        {
            return new[] { ofRoute, ofBackend }.OfType<HeaderOperations>().ToList();
        }

        // One parser: every remove first, then the route's sets and adds, then the destination's.
        return
        [
            new HeaderOperations([], [], [.. ofRoute.Remove, .. ofBackend.Remove]),
            ofRoute with { Remove = [] },
            ofBackend with { Remove = [] },
        ];
    }

    /// <summary>
    /// Applies one of Envoy's header parsers (<c>source/common/router/header_parser.cc</c> <c>evaluateHeaders</c>):
    /// <c>remove</c> first ("remove-before-add"), then <c>set</c> (OVERWRITE_IF_EXISTS_OR_ADD) and <c>add</c>
    /// (APPEND_IF_EXISTS_OR_ADD), as Istio translates them (<c>route.go</c> <c>TranslateHeadersOperations</c>: set before
    /// add; pseudo headers and host are left out, they are the authority).
    /// </summary>
    public static void Apply(HeaderOperations? operations, IDictionary<string, StringValues> headers)
    {
        if (operations is null)
        {
            return;
        }

        foreach (var name in operations.Remove.Where(name => !IsInternal(name)))
        {
            Remove(headers, name);
        }

        foreach (var (name, value) in operations.Set.Where(h => !IsInternal(h.Key)))
        {
            Remove(headers, name);
            headers[name] = value;
        }

        foreach (var (name, value) in operations.Add.Where(h => !IsInternal(h.Key)))
        {
            var existing = Find(headers, name);
            headers[existing ?? name] = existing is null ? value : StringValues.Concat(headers[existing], value);
        }
    }

    /// <summary><c>isInternalHeader</c>: a pseudo header or host, which Envoy does not let header edits touch.</summary>
    private static bool IsInternal(string name) => name.StartsWith(':') || string.Equals(name, "host", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>TranslateHeadersOperations</c>: the authority a set (else an add) of host or :authority asks for.</summary>
    private static string? AuthorityOf(HeaderOperations? operations)
    {
        static bool IsAuthority(string name) =>
            string.Equals(name, ":authority", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "host", StringComparison.OrdinalIgnoreCase);

        return operations?.Set.Where(h => IsAuthority(h.Key)).Select(h => h.Value).LastOrDefault()
               ?? operations?.Add.Where(h => IsAuthority(h.Key)).Select(h => h.Value).LastOrDefault();
    }

    /// <summary>
    /// The Location of a redirect, as Envoy builds it (<c>source/common/http/utility.cc</c> <c>Utility::newUri</c>) from the
    /// redirect action Istio programs (<c>route.go</c> <c>ApplyRedirect</c>): scheme, host and path as the redirect says
    /// or as the request had them; the port explicit, or the listener's for "the request's port" (Envoy cannot read it
    /// from the request, so Istio writes the port it builds the route for), and left out when it is the scheme's default.
    /// Without a port Envoy keeps the request's authority, dropping its port only when the scheme changes and the port
    /// was the old scheme's default (<c>processRequestHost</c>).
    /// </summary>
    /// <param name="listenerPort">The port of the listener the route was built for (Istio's <c>listenPort</c>).</param>
    public static string Location(GatewayRoute route, Redirect redirect, RequestFacts request, string rawQuery, int? listenerPort)
    {
        var scheme = redirect.Scheme ?? request.Scheme;
        var portRedirect = PortRedirect(redirect, listenerPort);
        var finalPort = portRedirect > 0 ? ":" + portRedirect.ToString(CultureInfo.InvariantCulture) : "";
        var host = redirect.Authority ?? ProcessRequestHost(request.Authority, scheme, finalPort, request.Scheme);

        var query = rawQuery.Length > 0 ? "?" + rawQuery : "";
        var path = redirect.Uri is { Length: > 0 } uri
            // A path_redirect with its own query replaces the request's; without one the request's query is kept.
            ? uri.Contains('?') ? uri : uri + query
            : (redirect.PrefixRewrite is { Length: > 0 } prefix ? RewriteRedirectPrefix(route, request.Path, prefix) : request.Path) + query;
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        return $"{scheme}://{host}{finalPort}{path}";
    }

    /// <summary>
    /// <c>ApplyRedirect</c>'s <c>PortRedirect</c> (0 = none): an explicit port; the listener's for FROM_REQUEST_PORT;
    /// none for FROM_PROTOCOL_DEFAULT. When the redirect names a port rule at all, 80 for http and 443 for https
    /// (the redirect's scheme, else the listener's: plain HTTP here) are dropped.
    /// </summary>
    internal static int PortRedirect(Redirect redirect, int? listenerPort)
    {
        if (redirect.Port is null && redirect.DerivePort == RedirectPort.Keep)
        {
            return 0;
        }

        var port = redirect.Port ?? (redirect.DerivePort == RedirectPort.FromRequest ? listenerPort ?? 0 : 0);
        var scheme = redirect.Scheme ?? "http";
        return (port == 80 && scheme == "http") || (port == 443 && scheme == "https") ? 0 : port;
    }

    /// <summary>
    /// Envoy's <c>processRequestHost</c>: the request's authority, without its port when the redirect sets one, or when
    /// the scheme changes and the port is the default of the request's own scheme (x-forwarded-proto).
    /// </summary>
    private static string ProcessRequestHost(string authority, string newScheme, string newPort, string requestScheme)
    {
        var hostEnd = authority.StartsWith('[')
            ? authority.LastIndexOf("]:", StringComparison.Ordinal) is var close and >= 0 ? close + 1 : -1
            : authority.LastIndexOf(':');
        if (hostEnd < 0)
        {
            return authority;
        }

        var requestPort = authority[hostEnd..];
        var removePort = newPort.Length > 0;
        if (!string.Equals(newScheme, requestScheme, StringComparison.Ordinal))
        {
            removePort |= string.Equals(requestScheme, "https", StringComparison.OrdinalIgnoreCase) && requestPort == ":443";
            removePort |= string.Equals(requestScheme, "http", StringComparison.OrdinalIgnoreCase) && requestPort == ":80";
        }

        return removePort ? authority[..hostEnd] : authority;
    }

    /// <summary>
    /// A redirect's prefix rewrite (Istio passes ReplacePrefixMatch as written): Envoy's <c>generateNewPath</c>, the
    /// rewrite followed by the path after the matched prefix, as is (an exact or regex match is swapped whole).
    /// </summary>
    private static string RewriteRedirectPrefix(GatewayRoute route, string path, string prefix)
    {
        var matched = route.Match.Path;
        if (matched.Type != PathMatchType.PathPrefix)
        {
            return prefix;
        }

        var matchedPrefix = route.GatewaySemantics && matched.Value != "/" ? matched.Value.TrimEnd('/') : matched.Value;
        return prefix + (path.Length >= matchedPrefix.Length ? path[matchedPrefix.Length..] : "");
    }

    private static string SafeReplace(string path, string pattern, string replacement)
    {
        try
        {
            // RE2 substitutions write \1 and take "$" literally; .NET writes $1 and needs "$$".
            var dotnet = Regex.Replace(replacement.Replace("$", "$$"), @"\\(\d)", "$$$1");
            return Regex.Replace(path, pattern, dotnet, RegexOptions.CultureInvariant, RegexBudget);
        }
        catch (RegexMatchTimeoutException)
        {
            return path;
        }
    }

    private static string? Find(IDictionary<string, StringValues> headers, string name) =>
        headers.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static void Remove(IDictionary<string, StringValues> headers, string name)
    {
        foreach (var key in headers.Keys.Where(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(key);
        }
    }
}
