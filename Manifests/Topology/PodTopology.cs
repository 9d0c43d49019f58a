namespace AmbientVerify.Manifests.Topology;

/// <summary>One pod of a Deployment as the mesh would run it.</summary>
/// <param name="Name">"&lt;deployment&gt;-&lt;i&gt;", i = 0..replicas-1 (stable stand-in for Kubernetes' random suffix).</param>
/// <param name="Workload">The Deployment's name (Istio's workload name for metrics).</param>
/// <param name="Containers">The pod template's containers, plus "istio-proxy" when <see cref="Dataplane"/> is Sidecar.</param>
/// <param name="Annotations">
/// The pod template's annotations plus what Istio adds: Ztunnel → <c>ambient.istio.io/redirection=enabled</c>;
/// Sidecar → <c>sidecar.istio.io/status</c>.
/// </param>
/// <param name="Reason">Why the pod has that dataplane, in words for reports.</param>
public sealed record PodTopology(
    string Name,
    string Namespace,
    string Workload,
    string ServiceAccount,
    SpiffeId Identity,
    IReadOnlyList<string> Containers,
    IReadOnlyDictionary<string, string> Annotations,
    PodDataplane Dataplane,
    string Reason)
{
    /// <summary>The pod template's labels (what Service and PeerAuthentication selectors match).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Replica index (the &lt;i&gt; of the name).</summary>
    public int Index { get; init; }

    /// <summary>The pod as namespace/name (what the gateway keys a pod's sidecar by).</summary>
    public NamespacedName Id => new(Namespace, Name);

    /// <summary>Its Deployment as namespace/name.</summary>
    public NamespacedName WorkloadId => new(Namespace, Workload);

    /// <summary>ztunnel's address form "&lt;pod&gt;.&lt;namespace&gt;", e.g. for an HBONE CONNECT authority.</summary>
    public string QualifiedName => $"{Name}.{Namespace}";
}
