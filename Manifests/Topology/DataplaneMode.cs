namespace AmbientVerify.Manifests.Topology;

/// <summary>
/// The dataplane a namespace's labels ask for.
/// <list type="bullet">
/// <item><see cref="Ambient"/>: <c>istio.io/dataplane-mode=ambient</c> and no sidecar injection label.</item>
/// <item><see cref="Sidecar"/>: <c>istio-injection=enabled</c>, or <c>istio.io/rev</c> without the ambient label
/// (a revision label on an ambient namespace selects the ambient control plane revision instead).
/// When a namespace carries both the ambient and the injection label, Istio injects sidecars AND ztunnel captures
/// only the pods without one; the namespace reads as <see cref="Sidecar"/> (what its pods get by default) and
/// <see cref="NamespaceTopology.AmbientLabelled"/> tells that opted-out pods are captured.</item>
/// <item><see cref="None"/>: neither: pods run outside the mesh.</item>
/// </list>
/// </summary>
public enum DataplaneMode
{
    None,
    Ambient,
    Sidecar,
}
