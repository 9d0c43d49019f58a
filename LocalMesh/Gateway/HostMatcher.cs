namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// Host matching as for Envoy virtual hosts: no hostnames (or "*") match any host; "*.example.com" matches any
/// name ending in ".example.com" (not example.com itself); other names match exactly, case-insensitively.
/// The port of the Host header is ignored (Istio adds "host:*" domains).
/// </summary>
public sealed class HostMatcher(IReadOnlyList<string> hostnames)
{
    /// <summary>0 = no match; otherwise higher is more specific (exact name &gt; longest wildcard &gt; any).</summary>
    public int Score(string host)
    {
        if (hostnames.Count == 0)
        {
            return 1;
        }

        var best = 0;
        foreach (var hostname in hostnames)
        {
            best = Math.Max(best, ScoreOne(hostname, host));
        }

        return best;
    }

    private static int ScoreOne(string hostname, string host)
    {
        if (hostname == "*")
        {
            return 1;
        }

        if (hostname.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = hostname[1..];
            return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                ? 2 + suffix.Length
                : 0;
        }

        // Exact names always beat wildcards, whatever their length.
        return string.Equals(hostname, host, StringComparison.OrdinalIgnoreCase) ? 100_000 + hostname.Length : 0;
    }
}
