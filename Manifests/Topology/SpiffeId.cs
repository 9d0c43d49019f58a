namespace AmbientVerify.Manifests.Topology;

/// <summary>
/// A workload identity as Istio issues it: <c>spiffe://&lt;trust-domain&gt;/ns/&lt;namespace&gt;/sa/&lt;service-account&gt;</c>.
/// It is what mTLS certificates carry as URI SAN and what ztunnel reports as source/destination principal.
/// </summary>
public sealed record SpiffeId(string TrustDomain, string Namespace, string ServiceAccount)
{
    /// <summary>Istio's default trust domain.</summary>
    public const string DefaultTrustDomain = "cluster.local";

    private const string Scheme = "spiffe://";

    public override string ToString() => $"{Scheme}{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    /// <summary>Parses "spiffe://td/ns/X/sa/Y".</summary>
    /// <exception cref="FormatException">Not an Istio workload SPIFFE id.</exception>
    public static SpiffeId Parse(string text) =>
        TryParse(text, out var id)
            ? id
            : throw new FormatException($"'{text}' is not an Istio workload identity (expected spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>)");

    /// <summary>Parses "spiffe://td/ns/X/sa/Y"; false for anything else (other path shapes, empty segments).</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        if (text is null || !text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var segments = text[Scheme.Length..].Split('/');
        if (segments is not [{ Length: > 0 } trustDomain, "ns", { Length: > 0 } ns, "sa", { Length: > 0 } account])
        {
            return false;
        }

        id = new SpiffeId(trustDomain, ns, account);
        return true;
    }
}
