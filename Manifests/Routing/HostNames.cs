namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// Hostnames as Istio compares them when it builds a gateway's virtual hosts (istio/istio
/// <c>pkg/config/host/name.go</c> <c>Matches</c>/<c>SubsetOf</c>, <c>names.go</c> <c>Intersection</c>,
/// <c>NamesForNamespace</c>), and as Envoy picks a virtual host for a request's authority
/// (<c>source/common/router/config_impl.cc</c> <c>RouteMatcher::findVirtualHost</c>: exact domain, then the longest
/// suffix wildcard, then "*"). A wildcard "*.example.com" covers any number of labels before the suffix and not
/// "example.com" itself; "*" covers everything.
/// </summary>
public static class HostNames
{
    public static bool IsWildcard(string name) => name.StartsWith('*');

    /// <summary><c>host.Name.Matches</c>: either name could serve the other (wildcards both ways).</summary>
    public static bool Matches(string a, string b)
    {
        var aWild = IsWildcard(a);
        var bWild = IsWildcard(b);
        if (aWild && bWild)
        {
            return a.Length < b.Length ? b[1..].EndsWith(a[1..], StringComparison.Ordinal) : a[1..].EndsWith(b[1..], StringComparison.Ordinal);
        }

        if (aWild)
        {
            return b.EndsWith(a[1..], StringComparison.Ordinal);
        }

        return bWild ? a.EndsWith(b[1..], StringComparison.Ordinal) : a == b;
    }

    /// <summary><c>host.Name.SubsetOf</c>: every name <paramref name="a"/> covers is covered by <paramref name="b"/>.</summary>
    public static bool SubsetOf(string a, string b)
    {
        var aWild = IsWildcard(a);
        var bWild = IsWildcard(b);
        if (aWild)
        {
            return bWild && a.Length >= b.Length && a[1..].EndsWith(b[1..], StringComparison.Ordinal);
        }

        return bWild ? a.EndsWith(b[1..], StringComparison.Ordinal) : a == b;
    }

    /// <summary><c>host.Names.Intersection</c>: for each pair that overlaps, the more specific name, in <paramref name="first"/>'s order.</summary>
    public static IReadOnlyList<string> Intersection(IEnumerable<string> first, IReadOnlyList<string> second)
    {
        var result = new List<string>();
        foreach (var a in first)
        {
            foreach (var b in second)
            {
                var more = SubsetOf(a, b) ? a : SubsetOf(b, a) ? b : null;
                if (more is not null && !result.Contains(more))
                {
                    result.Add(more);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// <c>host.NamesForNamespace</c>: a gateway server's "ns/host" entries that apply to objects of <paramref name="ns"/>
    /// ("*/host" applies to every namespace; a bare "host" too).
    /// </summary>
    public static IReadOnlyList<string> ForNamespace(IEnumerable<string> serverHosts, string ns)
    {
        var result = new List<string>();
        foreach (var entry in serverHosts)
        {
            var slash = entry.IndexOf('/');
            if (slash < 0)
            {
                result.Add(entry);
            }
            else if (entry[..slash] is "*" || entry[..slash] == ns)
            {
                result.Add(entry[(slash + 1)..]);
            }
        }

        return result;
    }

    /// <summary>
    /// The virtual host Envoy picks for <paramref name="authority"/> among <paramref name="domainsOfEachHost"/>: the port
    /// is ignored (Istio sets <c>ignore_port_in_host_matching</c> on gateways), case is ignored, an exact domain wins,
    /// then the longest matching suffix wildcard, then "*". Returns the index, or -1 (Envoy's 404).
    /// </summary>
    public static int SelectVirtualHost(string authority, IReadOnlyList<IReadOnlyList<string>> domainsOfEachHost)
    {
        var host = WithoutPort(authority).ToLowerInvariant();
        int exact = -1, suffix = -1, any = -1, suffixLength = -1;
        for (var i = 0; i < domainsOfEachHost.Count; i++)
        {
            foreach (var raw in domainsOfEachHost[i])
            {
                var domain = raw.ToLowerInvariant();
                if (domain == "*")
                {
                    any = any < 0 ? i : any;
                }
                else if (domain.StartsWith('*'))
                {
                    var tail = domain[1..];
                    if (host.Length > tail.Length && host.EndsWith(tail, StringComparison.Ordinal) && tail.Length > suffixLength)
                    {
                        suffix = i;
                        suffixLength = tail.Length;
                    }
                }
                else if (domain == host && exact < 0)
                {
                    exact = i;
                }
            }
        }

        return exact >= 0 ? exact : suffix >= 0 ? suffix : any;
    }

    /// <summary>"api.example.com:8080" → "api.example.com"; IPv6 literals keep their brackets.</summary>
    public static string WithoutPort(string authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }
}
