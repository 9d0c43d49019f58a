using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// Names of the run's objects: "av-&lt;runId&gt;-…", lowercase DNS-1035 labels of at most 63 characters (a Service name
/// must be one, Kubernetes <c>validation.IsDNS1035Label</c>); a name that would be longer keeps its start and ends with
/// a short hash of the whole, so two long names stay distinct.
/// </summary>
public static partial class TwinNames
{
    public const int MaxLength = 63;

    public static string Service(string runId, string service) => Label($"av-{runId}-{service}");

    /// <summary>"av-&lt;runId&gt;-&lt;route&gt;-&lt;rule&gt;", and "-m&lt;match&gt;" for a rule's second and later matches (each its own twin).</summary>
    public static string Route(string runId, string route, int rule, int match = 0) =>
        Label(match == 0 ? $"av-{runId}-{route}-{rule}" : $"av-{runId}-{route}-{rule}-m{match}");

    public static string Deployment(string runId) => Label($"av-{runId}-faulttarget");

    public static bool IsDns1123Label(string value) => value.Length <= MaxLength && Dns1123Label().IsMatch(value);

    private static string Label(string wanted)
    {
        var cleaned = Invalid().Replace(wanted.ToLowerInvariant(), "-").Trim('-');
        if (cleaned.Length <= MaxLength)
        {
            return cleaned;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(wanted)))[..8];
        return $"{cleaned[..(MaxLength - 9)].TrimEnd('-')}-{hash}";
    }

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex Invalid();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();
}
