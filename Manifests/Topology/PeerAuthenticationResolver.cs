using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Topology;

/// <summary>
/// Which PeerAuthentication decides the mTLS mode of a pod, with Istio's precedence:
/// workload (selector whose matchLabels are all on the pod) in the pod's namespace &gt; namespace-wide (no selector)
/// in the pod's namespace &gt; mesh-wide (no selector) in the root namespace &gt; the mesh default PERMISSIVE.
/// A level whose mode is UNSET (or absent) inherits the next one.
/// </summary>
/// <remarks>
/// When several policies sit at the same level Istio takes the oldest; manifests have no creation time, so the
/// first by name (ordinal) stands in for it. Port-level mTLS (portLevelMtls) is not modelled.
/// </remarks>
public static class PeerAuthenticationResolver
{
    public static EffectivePeerAuthentication Resolve(
        IEnumerable<PeerAuthenticationManifest> policies,
        string podNamespace,
        IReadOnlyDictionary<string, string> podLabels,
        string rootNamespace = IstioMetadata.RootNamespace)
    {
        var byName = policies.OrderBy(p => p.Ref.Name, StringComparer.Ordinal).ToList();
        var levels = new[]
        {
            byName.FirstOrDefault(p => p.Ref.Namespace == podNamespace && p.Selector.Count > 0 && Selects(p.Selector, podLabels)
                                       && !IsUnset(p)),
            byName.FirstOrDefault(p => p.Ref.Namespace == podNamespace && p.Selector.Count == 0 && !IsUnset(p)),
            byName.FirstOrDefault(p => p.Ref.Namespace == rootNamespace && p.Selector.Count == 0 && !IsUnset(p)),
        };

        // Skipping UNSET policies at each level is the inheritance: the first level with a mode decides.
        return levels.FirstOrDefault(p => p is not null) is { } deciding
            ? new EffectivePeerAuthentication(ModeOf(deciding), deciding.Ref.ToString(), deciding)
            : EffectivePeerAuthentication.MeshDefault;
    }

    /// <summary>The policy's mode in upper case; "UNSET" when absent.</summary>
    public static string ModeOf(PeerAuthenticationManifest policy) =>
        string.IsNullOrWhiteSpace(policy.MtlsMode) ? PeerAuthenticationModes.Unset : policy.MtlsMode.Trim().ToUpperInvariant();

    private static bool IsUnset(PeerAuthenticationManifest policy) => ModeOf(policy) == PeerAuthenticationModes.Unset;

    private static bool Selects(IReadOnlyDictionary<string, string> matchLabels, IReadOnlyDictionary<string, string> podLabels) =>
        matchLabels.All(label => podLabels.TryGetValue(label.Key, out var value) && value == label.Value);
}
