namespace AmbientVerify.Manifests.Topology;

/// <summary>PeerAuthentication spec.mtls.mode values (Istio security/v1).</summary>
public static class PeerAuthenticationModes
{
    public const string Strict = "STRICT";
    public const string Permissive = "PERMISSIVE";
    public const string Disable = "DISABLE";

    /// <summary>Inherit from the parent level (also what an absent mode means).</summary>
    public const string Unset = "UNSET";
}
