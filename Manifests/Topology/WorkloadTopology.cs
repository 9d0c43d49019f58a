namespace AmbientVerify.Manifests.Topology;

/// <summary>One Deployment, the Service in front of it, its pods and the mTLS mode that applies to them.</summary>
/// <param name="Name">The Deployment's name.</param>
/// <param name="ServiceName">The Service selecting the pods (first by name), or null when none does.</param>
/// <param name="Port">That Service's first port; without a Service the first container port; else 0.</param>
/// <param name="PeerAuthenticationMode">STRICT, PERMISSIVE or DISABLE (upper case; UNSET resolved by inheritance).</param>
/// <param name="PeerAuthenticationSource">
/// What decided the mode: "PeerAuthentication ecommerce/default (02-peer-authentication.yaml:9)" or "mesh default (PERMISSIVE)".
/// </param>
public sealed record WorkloadTopology(
    string Name,
    string Namespace,
    string? ServiceName,
    int Port,
    string ServiceAccount,
    int Replicas,
    IReadOnlyList<PodTopology> Pods,
    string PeerAuthenticationMode,
    string PeerAuthenticationSource)
{
    /// <summary>The SPIFFE identity every pod of the workload runs as.</summary>
    public required SpiffeId Identity { get; init; }

    /// <summary>The Deployment as namespace/name.</summary>
    public NamespacedName Deployment => new(Namespace, Name);

    /// <summary>The Service in front of the pods as namespace/name (the Deployment's namespace), or null.</summary>
    public NamespacedName? Service => ServiceName is { } name ? new NamespacedName(Namespace, name) : null;

    /// <summary>True when STRICT applies: plaintext to the pods must be refused.</summary>
    public bool RequiresMutualTls => PeerAuthenticationMode == PeerAuthenticationModes.Strict;
}
