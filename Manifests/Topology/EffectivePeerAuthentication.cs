using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Topology;

/// <summary>The mTLS mode that applies to a pod and what decided it.</summary>
/// <param name="Mode">STRICT, PERMISSIVE or DISABLE.</param>
/// <param name="Source">"PeerAuthentication ns/name (file.yaml:line)" or "mesh default (PERMISSIVE)".</param>
/// <param name="Manifest">The deciding PeerAuthentication; null for the mesh default.</param>
public sealed record EffectivePeerAuthentication(string Mode, string Source, PeerAuthenticationManifest? Manifest)
{
    public static EffectivePeerAuthentication MeshDefault { get; } =
        new(PeerAuthenticationModes.Permissive, $"mesh default ({PeerAuthenticationModes.Permissive})", null);
}
