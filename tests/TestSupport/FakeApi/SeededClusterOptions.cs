namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>
/// What the seeded cluster looks like beyond the manifests, and the problems a test plants. The defaults are a healthy
/// cluster: 3 nodes, Istio 1.26.2, experimental-channel Gateway API CRDs (v1.3.0), ztunnel and istio-cni ready on
/// every node when a namespace is ambient, every HTTPRoute accepted.
/// </summary>
public sealed record SeededClusterOptions
{
    /// <summary>Node names are node-1 … node-N.</summary>
    public int Nodes { get; init; } = 3;

    /// <summary>The istiod container's image (its tag is the Istio version the audit reads).</summary>
    public string IstiodImage { get; init; } = "docker.io/istio/pilot:1.26.2";

    /// <summary>No istiod Deployment at all (Istio's version cannot be told).</summary>
    public bool WithoutIstiod { get; init; }

    /// <summary>ztunnel and istio-cni-node DaemonSets; null: when the manifests' topology has a pod ztunnel captures.</summary>
    public bool? AmbientAgents { get; init; }

    /// <summary>A node whose ztunnel pod is missing (the DaemonSet's counts say one fewer ready).</summary>
    public string? NodeWithoutZtunnel { get; init; }

    /// <summary>One istio-cni-node pod not ready (on the last node): numberReady is one short of desired.</summary>
    public bool IstioCniNotReady { get; init; }

    /// <summary>
    /// "standard" or "experimental": the HTTPRoute CRD's channel annotation and schema. Under standard the API server
    /// prunes <c>spec.rules[].retry</c> from the stored HTTPRoutes (their kubectl last-applied annotation keeps it).
    /// </summary>
    public string GatewayApiChannel { get; init; } = "experimental";

    /// <summary>No HTTPRoute CRD object (the Gateway API group may still be served).</summary>
    public bool WithoutGatewayApiCrds { get; init; }

    /// <summary>An HTTPRoute ("namespace/name") whose parent status says Accepted=False with this reason and message.</summary>
    public (string Route, string Reason, string Message)? RouteNotAccepted { get; init; }

    /// <summary>A Deployment ("namespace/name") whose pods still carry an istio-proxy sidecar (not restarted after the move).</summary>
    public string? SidecarStillOn { get; init; }

    /// <summary>API groups the cluster does not serve (CRDs not installed), e.g. "networking.istio.io".</summary>
    public IReadOnlyList<string> MissingGroups { get; init; } = [];

    /// <summary>
    /// The Prometheus text a ztunnel pod's <c>:15020/metrics</c> answers through the pod proxy (argument: the pod's
    /// name); null serves a realistic zero-traffic text for the pods on its node. The end-to-end test forwards it to
    /// the local mesh's real ztunnel.
    /// </summary>
    public Func<string, Task<string>>? ZtunnelMetrics { get; init; }

    /// <summary>The trust domain of the identities in the synthesised metrics.</summary>
    public string TrustDomain { get; init; } = "cluster.local";
}
