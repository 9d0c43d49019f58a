using System.Text.RegularExpressions;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// Path matching as Istio programs Envoy: an HTTPRoute <c>PathPrefix</c> becomes <c>path_separated_prefix</c>
/// (whole segments: /api/customers matches /api/customers/1 but not /api/customersX; a trailing slash is
/// ignored), a VirtualService <c>prefix</c> stays a plain string prefix, <c>Exact</c> is equality and a regular
/// expression must match the whole path (RE2 full match). Matching is case sensitive and ignores the query.
/// </summary>
public sealed class PathMatcher
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(100);

    private readonly PathMatch _match;
    private readonly bool _segmentPrefix;
    private readonly string _prefix;
    private readonly Regex? _regex;

    public PathMatcher(PathMatch match, RouteKind kind)
    {
        _match = match;
        _segmentPrefix = kind == RouteKind.HTTPRoute;
        _prefix = match.Type == PathMatchType.PathPrefix && _segmentPrefix && match.Value.Length > 1
            ? match.Value.TrimEnd('/')
            : match.Value;
        if (_prefix.Length == 0)
        {
            _prefix = "/";
        }

        if (match.Type == PathMatchType.RegularExpression)
        {
            _regex = new Regex($"^(?:{match.Value})$", RegexOptions.CultureInvariant, RegexBudget);
        }
    }

    /// <summary>How specific the match is: exact beats a regular expression, which beats the longest prefix.</summary>
    public (int Rank, int Length) Specificity => _match.Type switch
    {
        PathMatchType.Exact => (2, _match.Value.Length),
        PathMatchType.RegularExpression => (1, _match.Value.Length),
        _ => (0, _prefix.Length),
    };

    public bool Matches(string path) => _match.Type switch
    {
        PathMatchType.Exact => string.Equals(path, _match.Value, StringComparison.Ordinal),
        PathMatchType.RegularExpression => MatchesRegex(path),
        _ => _segmentPrefix ? MatchesSegmentPrefix(path) : path.StartsWith(_prefix, StringComparison.Ordinal),
    };

    private bool MatchesSegmentPrefix(string path)
    {
        if (_prefix == "/")
        {
            return path.StartsWith('/');
        }

        return path.StartsWith(_prefix, StringComparison.Ordinal)
               && (path.Length == _prefix.Length || path[_prefix.Length] == '/');
    }

    private bool MatchesRegex(string path)
    {
        try
        {
            return _regex!.IsMatch(path);
        }
        catch (RegexMatchTimeoutException)
        {
            // Envoy's RE2 cannot blow up; a runaway .NET pattern is treated as no match rather than a stalled request.
            return false;
        }
    }
}
