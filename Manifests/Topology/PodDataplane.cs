namespace AmbientVerify.Manifests.Topology;

/// <summary>What carries one pod's traffic.</summary>
public enum PodDataplane
{
    /// <summary>Nothing: plaintext, outside the mesh (not captured, no sidecar).</summary>
    None,

    /// <summary>Captured by the node's ztunnel (ambient): annotation <c>ambient.istio.io/redirection=enabled</c>.</summary>
    Ztunnel,

    /// <summary>An injected <c>istio-proxy</c> container; ztunnel never captures such a pod.</summary>
    Sidecar,
}
