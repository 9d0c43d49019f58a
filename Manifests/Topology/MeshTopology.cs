using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Topology;

/// <summary>
/// The mesh as Istio would run a set of manifests: namespaces and their dataplane mode, every Deployment's pods
/// (names, identities, containers, annotations, dataplane) and the PeerAuthentication mode that applies to them.
/// Built from manifests only, so the local mesh and the checks see the same topology.
/// </summary>
public sealed class MeshTopology
{
    private readonly MeshManifests _manifests;

    private MeshTopology(MeshManifests manifests, string trustDomain, IReadOnlyList<NamespaceTopology> namespaces, IReadOnlyList<WorkloadTopology> workloads)
    {
        _manifests = manifests;
        TrustDomain = trustDomain;
        Namespaces = namespaces;
        Workloads = workloads;
    }

    public string TrustDomain { get; }

    /// <summary>Declared namespaces and the ones Deployments use without declaring, sorted by name.</summary>
    public IReadOnlyList<NamespaceTopology> Namespaces { get; }

    /// <summary>One per Deployment, sorted by namespace then name.</summary>
    public IReadOnlyList<WorkloadTopology> Workloads { get; }

    /// <summary>Every pod of every workload.</summary>
    public IEnumerable<PodTopology> Pods => Workloads.SelectMany(w => w.Pods);

    /// <param name="trustDomain">SPIFFE trust domain of the identities; Istio's default "cluster.local".</param>
    public static MeshTopology From(MeshManifests manifests, string trustDomain = SpiffeId.DefaultTrustDomain)
    {
        var declared = manifests.Namespaces
            .Select(n => new NamespaceTopology(n.Ref.Name, n.Labels, NamespaceTopology.ModeOf(n.Labels)) { Assumed = n.Assumed })
            .ToList();
        var undeclared = manifests.Deployments
            .Select(d => d.Ref.Namespace)
            .Distinct(StringComparer.Ordinal)
            .Where(name => declared.All(n => n.Name != name))
            .Select(name => new NamespaceTopology(name, new Dictionary<string, string>(), DataplaneMode.None) { Declared = false });
        var namespaces = declared.Concat(undeclared).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();

        var workloads = manifests.Deployments
            .OrderBy(d => d.Ref.Namespace, StringComparer.Ordinal)
            .ThenBy(d => d.Ref.Name, StringComparer.Ordinal)
            .Select(d => Workload(manifests, trustDomain, namespaces.Single(n => n.Name == d.Ref.Namespace), d))
            .ToList();
        return new MeshTopology(manifests, trustDomain, namespaces, workloads);
    }

    /// <summary>The namespace named <paramref name="name"/>, or null when the manifests neither create nor use it.</summary>
    public NamespaceTopology? Namespace(string name) => Namespaces.FirstOrDefault(n => n.Name == name);

    /// <summary>
    /// The workload behind a Service (the Deployment its selector picks, as <see cref="Manifests.Workloads.BackingDeployment"/>),
    /// or null when there is no such Service or it selects no Deployment.
    /// </summary>
    /// <param name="serviceName">"name", "name.namespace" or a cluster host "name.namespace.svc.cluster.local".</param>
    /// <param name="namespace">Restricts the search; null = any namespace (first by namespace name).</param>
    public WorkloadTopology? ForService(string serviceName, string? @namespace = null)
    {
        var parts = serviceName.Split('.');
        var name = parts[0];
        var ns = @namespace ?? (parts.Length > 1 ? parts[1] : null);
        var service = _manifests.Services
            .Where(s => s.Ref.Name == name && (ns is null || s.Ref.Namespace == ns))
            .OrderBy(s => s.Ref.Namespace, StringComparer.Ordinal)
            .FirstOrDefault();
        var deployment = service is null ? null : Manifests.Workloads.BackingDeployment(_manifests, service);
        return deployment is null
            ? null
            : Workloads.FirstOrDefault(w => w.Name == deployment.Ref.Name && w.Namespace == deployment.Ref.Namespace);
    }

    /// <summary>The pod <paramref name="pod"/> (namespace and name), or null.</summary>
    public PodTopology? Pod(NamespacedName pod) => Pods.FirstOrDefault(p => p.Id == pod);

    /// <summary>The pod named <paramref name="podName"/> ("name.namespace", or a bare "name": the first of that name in any namespace), or null.</summary>
    public PodTopology? Pod(string podName) =>
        Pods.FirstOrDefault(p => p.Name == podName || p.QualifiedName == podName);

    private static WorkloadTopology Workload(MeshManifests manifests, string trustDomain, NamespaceTopology ns, DeploymentManifest deployment)
    {
        var service = manifests.Services
            .Where(s => s.Ref.Namespace == deployment.Ref.Namespace && s.Selector.Count > 0
                        && s.Selector.All(l => deployment.PodLabels.TryGetValue(l.Key, out var value) && value == l.Value))
            .OrderBy(s => s.Ref.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var port = service?.Ports.FirstOrDefault()?.Port
                   ?? deployment.Containers.SelectMany(c => c.Ports).Cast<int?>().FirstOrDefault()
                   ?? 0;
        var identity = new SpiffeId(trustDomain, deployment.Ref.Namespace, deployment.ServiceAccountName);
        var (dataplane, reason) = PodDataplaneRules.Decide(ns, deployment);
        var peerAuthentication = PeerAuthenticationResolver.Resolve(manifests.PeerAuthentications, deployment.Ref.Namespace, deployment.PodLabels);

        var pods = Enumerable.Range(0, deployment.Replicas)
            .Select(index => new PodTopology(
                $"{deployment.Ref.Name}-{index}",
                deployment.Ref.Namespace,
                deployment.Ref.Name,
                deployment.ServiceAccountName,
                identity,
                ContainersOf(deployment, dataplane),
                AnnotationsOf(deployment, dataplane),
                dataplane,
                reason)
            {
                Labels = deployment.PodLabels,
                Index = index,
            })
            .ToList();

        return new WorkloadTopology(
            deployment.Ref.Name,
            deployment.Ref.Namespace,
            service?.Ref.Name,
            port,
            deployment.ServiceAccountName,
            deployment.Replicas,
            pods,
            peerAuthentication.Mode,
            peerAuthentication.Source)
        {
            Identity = identity,
        };
    }

    private static IReadOnlyList<string> ContainersOf(DeploymentManifest deployment, PodDataplane dataplane)
    {
        var names = deployment.Containers.Select(c => c.Name).ToList();
        if (dataplane == PodDataplane.Sidecar && !names.Contains(IstioMetadata.ProxyContainer))
        {
            names.Add(IstioMetadata.ProxyContainer);
        }

        return names;
    }

    private static IReadOnlyDictionary<string, string> AnnotationsOf(DeploymentManifest deployment, PodDataplane dataplane)
    {
        var annotations = new Dictionary<string, string>(deployment.PodAnnotations, StringComparer.Ordinal);
        switch (dataplane)
        {
            case PodDataplane.Ztunnel:
                annotations[IstioMetadata.RedirectionAnnotation] = "enabled";
                break;
            case PodDataplane.Sidecar:
                annotations[IstioMetadata.SidecarStatusAnnotation] = IstioMetadata.SidecarStatusValue;
                break;
        }

        return annotations;
    }
}
