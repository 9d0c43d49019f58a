using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// Whether a request satisfies a route's match, as Envoy evaluates the match Istio programs
/// (<c>route.go</c> <c>TranslateRouteMatch</c>; Envoy <c>source/common/router/config_impl.cc</c> route entries,
/// <c>source/common/http/header_utility.cc</c> <c>matchHeaders</c>):
/// <list type="bullet">
/// <item>path: an HTTPRoute prefix other than "/" is <c>path_separated_prefix</c> (whole segments), a VirtualService
/// prefix a plain string prefix; exact is equality; a regex must match the whole path (RE2 <c>safe_regex</c>; .NET's
/// engine with a time budget here); <c>ignoreUriCase</c> compares prefix/exact case-insensitively;</item>
/// <item>method: the <c>:method</c> header exactly;</item>
/// <item>headers: all of them; repeated headers joined with ","; a missing header matches only an inverted match
/// (<c>withoutHeaders</c>, which Istio sets to treat a missing header as empty);</item>
/// <item>query parameters: all of them, on the first value of each name.</item>
/// </list>
/// </summary>
public static class RequestMatching
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new();

    public static bool Matches(GatewayRoute route, RequestFacts request) => Matches(route.Match, route.GatewaySemantics, request);

    public static bool Matches(RequestMatch match, bool gatewaySemantics, RequestFacts request) =>
        PathMatches(match, gatewaySemantics, request.Path)
        && (match.Method is null || string.Equals(match.Method, request.Method, StringComparison.Ordinal))
        && match.Headers.All(header => HeaderMatches(header, request.Header(header.Name)))
        && match.QueryParams.All(query => request.QueryValue(query.Name) is { } value && ValueMatches(query.Match, value));

    public static bool PathMatches(RequestMatch match, bool gatewaySemantics, string path)
    {
        var comparison = match.IgnoreUriCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var value = match.Path.Value;
        switch (match.Path.Type)
        {
            case PathMatchType.Exact:
                return string.Equals(path, value, comparison);
            case PathMatchType.RegularExpression:
                return FullMatch(value, path);
            case PathMatchType.PathPrefix when gatewaySemantics && value != "/":
                var prefix = value.TrimEnd('/');
                return path.StartsWith(prefix, comparison) && (path.Length == prefix.Length || path[prefix.Length] == '/');
            default:
                return path.StartsWith(value, comparison);
        }
    }

    private static bool HeaderMatches(HeaderMatch header, string? value)
    {
        if (value is null)
        {
            // withoutHeaders gets treat_missing_header_as_empty (route.go), except a presence match, which is inverted as is.
            return header.Invert && (header.Match.Type == StringMatchType.Present || !ValueMatches(header.Match, ""));
        }

        return ValueMatches(header.Match, value) != header.Invert;
    }

    private static bool ValueMatches(StringMatch match, string value) => match.Type switch
    {
        StringMatchType.Exact => string.Equals(value, match.Value, StringComparison.Ordinal),
        StringMatchType.Prefix => value.StartsWith(match.Value, StringComparison.Ordinal),
        StringMatchType.RegularExpression => FullMatch(match.Value, value),
        _ => true,
    };

    private static bool FullMatch(string pattern, string value)
    {
        var regex = Regexes.GetOrAdd(pattern, p => new Regex($"^(?:{p})$", RegexOptions.CultureInvariant, RegexBudget));
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            // RE2 cannot blow up; a runaway .NET pattern is treated as no match rather than a stalled request.
            return false;
        }
    }
}
