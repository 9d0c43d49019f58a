namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// What Envoy's route matching sees of a request: method, authority, path (normalized, without the query), the query
/// parameters and the headers. The local gateway builds one per request; the probes build one per probe request to
/// check that it is taken by the route it is meant for.
/// </summary>
/// <param name="Path">The path as Envoy matches it (see <see cref="PathNormalization"/>), without query.</param>
/// <param name="Query">Query parameters in order, names and values decoded.</param>
/// <param name="Headers">Request headers (names as sent; compared case-insensitively); repeated names allowed.</param>
public sealed record RequestFacts(
    string Method,
    string Authority,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string Scheme { get; init; } = "http";

    /// <summary>Every value of a header, Envoy's way: repeated headers joined with "," (<c>getAllOfHeaderAsString</c>); null when absent.</summary>
    public string? Header(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case ":method": return Method;
            case ":authority" or "host": return Authority;
            case ":path": return Path;
            case ":scheme": return Scheme;
        }

        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(",", values);
    }

    /// <summary>The first value of a query parameter (Envoy's <c>QueryParameterMatcher</c>), or null.</summary>
    public string? QueryValue(string name) =>
        Query.Where(q => string.Equals(q.Key, name, StringComparison.Ordinal)).Select(q => q.Value).FirstOrDefault();

    /// <summary>Splits a raw request target ("/a/b?x=1&amp;y") into the normalized path and the decoded query.</summary>
    public static (string Path, IReadOnlyList<KeyValuePair<string, string>> Query) SplitTarget(string rawTarget)
    {
        var question = rawTarget.IndexOf('?');
        var path = question < 0 ? rawTarget : rawTarget[..question];
        var query = question < 0 ? "" : rawTarget[(question + 1)..];
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var equals = part.IndexOf('=');
                var name = equals < 0 ? part : part[..equals];
                var value = equals < 0 ? "" : part[(equals + 1)..];
                return new KeyValuePair<string, string>(Unescape(name), Unescape(value));
            })
            .ToList();
        return (PathNormalization.Normalize(path), pairs);
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
