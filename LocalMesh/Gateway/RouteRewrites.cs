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

    /// <summary>The upstream authority: the rewrite's, or a <c>set</c> of the host/:authority header, else the request's.</summary>
    public static string RewriteAuthority(GatewayRoute route, string authority) =>
        route.Actions.Rewrite?.Authority
        ?? route.Actions.Headers?.Request?.Set.Where(h => h.Key is ":authority" or "host" or "Host").Select(h => h.Value).LastOrDefault()
        ?? authority;

    /// <summary>
    /// Applies header edits Envoy's way: <c>set</c> overwrites (or adds), <c>add</c> appends another value, <c>remove</c> deletes.
    /// </summary>
    public static void Apply(HeaderOperations? operations, IDictionary<string, StringValues> headers)
    {
        if (operations is null)
        {
            return;
        }

        foreach (var (name, value) in operations.Set.Where(h => h.Key is not (":authority" or "host" or "Host")))
        {
            Remove(headers, name);
            headers[name] = value;
        }

        foreach (var (name, value) in operations.Add)
        {
            var existing = Find(headers, name);
            headers[existing ?? name] = existing is null ? value : StringValues.Concat(headers[existing], value);
        }

        foreach (var name in operations.Remove)
        {
            Remove(headers, name);
        }
    }

    /// <summary>
    /// The Location of a redirect (Envoy's redirect action as <c>ApplyRedirect</c> programs it): scheme, host and path as
    /// the redirect says or as the request had them; the port explicit, the request's, or the scheme's default (omitted).
    /// </summary>
    public static string Location(GatewayRoute route, Redirect redirect, RequestFacts request, string rawQuery, int? listenerPort)
    {
        var scheme = redirect.Scheme ?? request.Scheme;
        var requestHost = HostNames.WithoutPort(request.Authority);
        var requestPort = PortOf(request.Authority) ?? listenerPort;
        var host = redirect.Authority ?? requestHost;
        int? port = redirect.Port ?? redirect.DerivePort switch
        {
            RedirectPort.FromRequest => requestPort,
            RedirectPort.FromProtocolDefault => null,
            // Without a port rule Envoy keeps the authority as it was, port included, unless the host changes.
            _ => redirect.Authority is null ? PortOf(request.Authority) : null,
        };
        if (port is { } p && IsDefaultPort(scheme, p))
        {
            port = null;
        }

        var path = redirect.Uri
                   ?? (redirect.PrefixRewrite is { } prefix ? RewriteRedirectPrefix(route, request.Path, prefix) : request.Path);
        var query = redirect.Uri is { } uri && uri.Contains('?') ? "" : rawQuery.Length > 0 ? "?" + rawQuery : "";
        return $"{scheme}://{host}{(port is { } shown ? ":" + shown.ToString(CultureInfo.InvariantCulture) : "")}{path}{query}";
    }

    private static string RewriteRedirectPrefix(GatewayRoute route, string path, string prefix)
    {
        var matched = route.Match.Path;
        if (matched.Type != PathMatchType.PathPrefix)
        {
            return prefix;
        }

        var matchedPrefix = matched.Value == "/" ? "" : matched.Value.TrimEnd('/');
        var rest = path.Length >= matchedPrefix.Length ? path[matchedPrefix.Length..] : "";
        var trimmed = prefix.TrimEnd('/');
        var joined = trimmed + (rest.Length == 0 || rest.StartsWith('/') ? rest : "/" + rest);
        return joined.Length == 0 ? "/" : joined;
    }

    private static int? PortOf(string authority)
    {
        var host = HostNames.WithoutPort(authority);
        return authority.Length > host.Length + 1 && int.TryParse(authority[(host.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : null;
    }

    private static bool IsDefaultPort(string scheme, int port) => (scheme == "http" && port == 80) || (scheme == "https" && port == 443);

    private static string SafeReplace(string path, string pattern, string replacement)
    {
        try
        {
            // RE2 substitutions write \1; .NET writes $1.
            return Regex.Replace(path, pattern, Regex.Replace(replacement, @"\\(\d)", "$$$1"), RegexOptions.CultureInvariant, RegexBudget);
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
