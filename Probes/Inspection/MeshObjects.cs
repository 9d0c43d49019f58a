using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Inspection;

// What an inspector reports about the mesh's control-plane view: the same shape whether it was read from the
// manifests (local mesh) or from the Kubernetes API (cluster), so a check never knows which one it talks to.

/// <summary>A namespace and its labels (istio.io/dataplane-mode, istio-injection, istio.io/rev).</summary>
/// <param name="Assumed">No Namespace object was read: the labels are the run's assumption, not observed.</param>
public sealed record MeshNamespace(string Name, IReadOnlyDictionary<string, string> Labels, bool Assumed = false);

/// <summary>One pod as Kubernetes would show it.</summary>
/// <param name="Workload">The Deployment the pod belongs to.</param>
/// <param name="Identity">The pod's SPIFFE identity, spiffe://&lt;trust domain&gt;/ns/&lt;ns&gt;/sa/&lt;service account&gt;.</param>
/// <param name="Containers">Container names; a sidecar shows as "istio-proxy".</param>
/// <param name="Annotations">Pod annotations such as ambient.istio.io/redirection and sidecar.istio.io/status.</param>
/// <param name="Labels">Pod labels (e.g. istio.io/dataplane-mode=none, sidecar.istio.io/inject).</param>
/// <param name="Why">Where the pod's dataplane comes from (e.g. the manifest annotation that decided it); empty when unknown.</param>
public sealed record MeshPod(
    string Name,
    string Namespace,
    string Workload,
    string ServiceAccount,
    string Identity,
    IReadOnlyList<string> Containers,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> Labels,
    string Why);

/// <summary>The PeerAuthentication mode that applies to a workload and the object it comes from.</summary>
/// <param name="Mode">STRICT, PERMISSIVE or DISABLE.</param>
/// <param name="Source">"PeerAuthentication ecommerce/default (02-peer-authentication.yaml:3)" or "mesh default (PERMISSIVE)".</param>
public sealed record MtlsPolicy(string Mode, string Source)
{
    public const string Strict = "STRICT";

    public bool IsStrict => Mode == Strict;
}

/// <summary>A Deployment, the Service that selects it, and its pods.</summary>
/// <param name="ServiceName">The Service selecting the pods; null when none does.</param>
/// <param name="Identity">The SPIFFE identity of the pods' service account.</param>
public sealed record MeshWorkload(
    string Name,
    string Namespace,
    string? ServiceName,
    string ServiceAccount,
    string Identity,
    int Replicas,
    IReadOnlyList<MeshPod> Pods,
    MtlsPolicy PeerAuthentication)
{
    /// <summary>How reports name the workload: "Deployment ecommerce/customer-service".</summary>
    public string Label => $"Deployment {Namespace}/{Name}";

    /// <summary>What results about the workload are about; its text is <see cref="Label"/>.</summary>
    public Subject Subject => Subject.Deployment(Namespace, Name);
}

/// <summary>A PeerAuthentication object; Mode null means UNSET (inherits).</summary>
public sealed record PeerAuthenticationPolicy(
    string Namespace,
    string Name,
    string? Mode,
    IReadOnlyDictionary<string, string> Selector,
    string Source);

/// <summary>A DestinationRule's client TLS setting.</summary>
/// <param name="TlsMode">trafficPolicy.tls.mode (DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL), null when not set.</param>
/// <param name="Source">Where it is declared, for messages ("DestinationRule ecommerce/x (file.yaml:3)").</param>
public sealed record DestinationRuleTls(string Namespace, string Name, string Host, string? TlsMode, string Source);
