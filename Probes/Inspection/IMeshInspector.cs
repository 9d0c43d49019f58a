namespace AmbientVerify.Probes.Inspection;

/// <summary>
/// Everything the mesh checks may look at. Implementations: <see cref="LocalMeshInspector"/> (manifests + the local
/// dataplane's admin endpoints); a cluster inspector (Kubernetes API + ztunnel pods) comes with the cluster target.
/// The control-plane view (namespaces, workloads, policies) always answers; the dataplane operations throw
/// <see cref="InspectionException"/> when they cannot look.
/// </summary>
public interface IMeshInspector
{
    Task<IReadOnlyList<MeshNamespace>> GetNamespacesAsync(CancellationToken cancellationToken);

    /// <summary>Deployments with their pods (containers, annotations) and the PeerAuthentication that applies.</summary>
    Task<IReadOnlyList<MeshWorkload>> GetWorkloadsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<PeerAuthenticationPolicy>> GetPeerAuthenticationsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<DestinationRuleTls>> GetDestinationRulesAsync(CancellationToken cancellationToken);

    /// <summary>The ztunnel instances and sidecars, each with the workloads view it reports.</summary>
    /// <exception cref="InspectionException">No dataplane admin endpoint, or one of them could not be read.</exception>
    Task<IReadOnlyList<DataplaneComponent>> GetDataplaneComponentsAsync(CancellationToken cancellationToken);

    /// <summary>The istio_tcp_* samples of every dataplane component, right now.</summary>
    /// <exception cref="InspectionException">No dataplane admin endpoint, or one of them could not be read.</exception>
    Task<DataplaneMetrics> GetDataplaneMetricsAsync(CancellationToken cancellationToken);

    /// <summary>Where each pod is reached without the mesh, for the plaintext check.</summary>
    /// <exception cref="InspectionException">No dataplane admin endpoint, or one of them could not be read.</exception>
    Task<IReadOnlyList<PodAddress>> GetPodAddressesAsync(CancellationToken cancellationToken);
}
