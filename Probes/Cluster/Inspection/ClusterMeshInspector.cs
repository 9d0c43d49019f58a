using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Topology;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Inspection;
using k8s;

namespace AmbientVerify.Probes.Cluster.Inspection;

/// <summary>
/// The mesh as the Kubernetes API shows it, for the same checks the local mesh runs.
/// <para>Control plane: the namespaces with their real labels; each Deployment of the target namespace with the live
/// pods its selector matches (not pods synthesised from the template); PeerAuthentications resolved with the same
/// precedence as the local inspector (<see cref="PeerAuthenticationResolver"/>); DestinationRules.</para>
/// <para>Dataplane: metrics through the API server's pod proxy (ztunnel <c>:15020/metrics</c>, a sidecar's
/// <c>:15090/stats/prometheus</c>). The workloads view differs from the local admin's: ztunnel's own view
/// (<c>istioctl ztunnel-config workloads</c>) is on its admin port 15000, bound to localhost and unreachable through
/// the pod proxy, so each ztunnel pod is reported with the pods <b>the API</b> places on its node, HBONE when the pod
/// carries <c>ambient.istio.io/redirection: enabled</c> (istio-cni writes it once ztunnel took the pod) and has no
/// sidecar, TCP otherwise. A pod on a node without a ready ztunnel is listed by none. Each pod with an
/// <c>istio-proxy</c> container is a sidecar component serving that pod.</para>
/// <para>Pod addresses are the pod IP and port from the pod's status and spec: reachable only from inside the cluster
/// (run the in-cluster Job for the plaintext check).</para>
/// </summary>
public sealed class ClusterMeshInspector(LiveCluster cluster, IKubernetes client, TimeProvider time) : IMeshInspector
{
    public const int ZtunnelMetricsPort = 15020;
    public const string ZtunnelMetricsPath = "metrics";
    public const int SidecarMetricsPort = 15090;
    public const string SidecarMetricsPath = "stats/prometheus";

    /// <summary>Only Istio's TCP metrics matter to the checks; the rest of the text is skipped.</summary>
    private const string MetricPrefix = "istio_tcp_";

    private MeshManifests Manifests => cluster.Manifests;

    public Task<IReadOnlyList<MeshNamespace>> GetNamespacesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MeshNamespace>>([.. Manifests.Namespaces.Select(n => new MeshNamespace(n.Ref.Name, n.Labels))]);

    public Task<IReadOnlyList<MeshWorkload>> GetWorkloadsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MeshWorkload>>([.. Manifests.Deployments
            .Where(d => d.Ref.Namespace == cluster.Target.Namespace)
            .OrderBy(d => d.Ref.Name, StringComparer.Ordinal)
            .Select(Workload)]);

    public Task<IReadOnlyList<PeerAuthenticationPolicy>> GetPeerAuthenticationsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PeerAuthenticationPolicy>>([.. Manifests.PeerAuthentications
            .Select(p => new PeerAuthenticationPolicy(p.Ref.Namespace, p.Ref.Name, p.MtlsMode, p.Selector, p.Ref.ToString()))]);

    public Task<IReadOnlyList<DestinationRuleTls>> GetDestinationRulesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DestinationRuleTls>>([.. Manifests.DestinationRules
            .Select(d => new DestinationRuleTls(d.Ref.Namespace, d.Ref.Name, d.Host, d.TlsMode, d.Ref.ToString()))]);

    /// <summary>One ztunnel component per ztunnel pod (with the pods the API puts on its node), one sidecar component per pod with <c>istio-proxy</c>.</summary>
    /// <exception cref="InspectionException">Never for ztunnel pods; kept for the interface (the reading already happened).</exception>
    public Task<IReadOnlyList<DataplaneComponent>> GetDataplaneComponentsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DataplaneComponent>>([.. Components().Select(c => c.Component)]);

    public async Task<DataplaneMetrics> GetDataplaneMetricsAsync(CancellationToken cancellationToken)
    {
        var samples = new List<MetricSample>();
        foreach (var (component, pod, port, path) in Components())
        {
            var text = await ProxyAsync(pod, port, path, cancellationToken).ConfigureAwait(false);
            try
            {
                samples.AddRange(PrometheusText.Parse(text, name => name.StartsWith(MetricPrefix, StringComparison.Ordinal)));
            }
            catch (FormatException e)
            {
                throw new InspectionException($"{component} answered {path} with something else: {e.Message}", e);
            }
        }

        return new DataplaneMetrics(time.GetUtcNow(), samples);
    }

    public Task<IReadOnlyList<PodAddress>> GetPodAddressesAsync(CancellationToken cancellationToken)
    {
        var components = Components().Select(c => c.Component).OrderBy(c => c.Kind == DataplaneComponentKind.Sidecar ? 0 : 1).ToList();
        var addresses = new List<PodAddress>();
        foreach (var pod in cluster.Pods.Where(p => p.Ip is not null))
        {
            var reporter = components.FirstOrDefault(c => c.Workloads.Any(w => w.Namespace == pod.Namespace && w.PodName == pod.Name));
            if (reporter is not null && Port(pod) is { } port)
            {
                var protocol = reporter.Workloads.First(w => w.Namespace == pod.Namespace && w.PodName == pod.Name).Protocol;
                addresses.Add(new PodAddress(pod.Namespace, pod.Name, pod.Ip!, port, protocol, reporter));
            }
        }

        return Task.FromResult<IReadOnlyList<PodAddress>>(addresses);
    }

    private MeshWorkload Workload(DeploymentManifest deployment)
    {
        var ns = deployment.Ref.Namespace;
        var selector = cluster.DeploymentSelectors.FirstOrDefault(s => s.Namespace == ns && s.Name == deployment.Ref.Name)?.MatchLabels
                       ?? deployment.PodLabels;
        var service = Manifests.Services
            .Where(s => s.Ref.Namespace == ns && s.Selector.Count > 0 && Selects(s.Selector, deployment.PodLabels))
            .OrderBy(s => s.Ref.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var identity = new SpiffeId(SpiffeId.DefaultTrustDomain, ns, deployment.ServiceAccountName).ToString();
        var peerAuthentication = PeerAuthenticationResolver.Resolve(Manifests.PeerAuthentications, ns, deployment.PodLabels);
        var pods = cluster.Pods
            .Where(p => p.Namespace == ns && selector.Count > 0 && Selects(selector, p.Labels))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new MeshPod(
                p.Name, p.Namespace, deployment.Ref.Name, p.ServiceAccount,
                new SpiffeId(SpiffeId.DefaultTrustDomain, p.Namespace, p.ServiceAccount).ToString(),
                [.. p.Containers.Select(c => c.Name)], p.Annotations, p.Labels,
                p.Ready ? "" : $"pod {p.Name} is not Ready (phase {p.Phase})"))
            .ToList();
        return new MeshWorkload(deployment.Ref.Name, ns, service?.Ref.Name, deployment.ServiceAccountName, identity, deployment.Replicas, pods,
            new MtlsPolicy(peerAuthentication.Mode, peerAuthentication.Source));
    }

    private IEnumerable<(DataplaneComponent Component, LivePod Pod, int Port, string Path)> Components()
    {
        foreach (var ztunnel in (cluster.Ztunnel?.Pods ?? []).Where(p => p.Ready).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var rows = cluster.Pods
                .Where(p => p.Node is not null && p.Node == ztunnel.Node)
                .Select(p => new DataplaneWorkloadEntry(p.Namespace, p.Name, Address(p), p.Node!, "None",
                    IsCaptured(p) ? DataplaneWorkloadEntry.Hbone : "TCP"))
                .ToList();
            yield return (new DataplaneComponent(DataplaneComponentKind.Ztunnel, ProxyUri(ztunnel, ZtunnelMetricsPort, ZtunnelMetricsPath), rows),
                ztunnel, ZtunnelMetricsPort, ZtunnelMetricsPath);
        }

        foreach (var pod in cluster.Pods.Where(p => p.Containers.Any(c => c.Name == IstioMetadata.ProxyContainer)))
        {
            var row = new DataplaneWorkloadEntry(pod.Namespace, pod.Name, Address(pod), pod.Node ?? "", "None", "TCP");
            yield return (new DataplaneComponent(DataplaneComponentKind.Sidecar, ProxyUri(pod, SidecarMetricsPort, SidecarMetricsPath), [row]),
                pod, SidecarMetricsPort, SidecarMetricsPath);
        }
    }

    private static bool IsCaptured(LivePod pod) =>
        pod.Annotations.GetValueOrDefault(IstioMetadata.RedirectionAnnotation) == "enabled"
        && pod.Containers.All(c => c.Name != IstioMetadata.ProxyContainer);

    private string Address(LivePod pod) => pod.Ip is { } ip && Port(pod) is { } port ? $"{ip}:{port}" : "";

    /// <summary>The port a Service sends to (its targetPort when it selects the pod), else the first container port.</summary>
    private int? Port(LivePod pod)
    {
        var service = Manifests.Services
            .Where(s => s.Ref.Namespace == pod.Namespace && s.Selector.Count > 0 && Selects(s.Selector, pod.Labels))
            .OrderBy(s => s.Ref.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (service?.Ports.FirstOrDefault() is { TargetPort: > 0 } servicePort)
        {
            return servicePort.TargetPort;
        }

        return pod.Containers.Where(c => c.Name != IstioMetadata.ProxyContainer).SelectMany(c => c.Ports).Cast<int?>().FirstOrDefault();
    }

    private Uri ProxyUri(LivePod pod, int port, string path) =>
        new($"{client.BaseUri.AbsoluteUri.TrimEnd('/')}/api/v1/namespaces/{pod.Namespace}/pods/{pod.Name}:{port}/proxy/{path}");

    private async Task<string> ProxyAsync(LivePod pod, int port, string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await ClusterConnection.ReadAsync(client, "get", $"pods/proxy {pod.Namespace}/{pod.Name}:{port}",
                c => c.CoreV1.ConnectGetNamespacedPodProxyWithPathAsync($"{pod.Name}:{port}", pod.Namespace, path, cancellationToken: cancellationToken)).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterAccessException e)
        {
            throw new InspectionException($"could not read {path} of pod {pod.Namespace}/{pod.Name}:{port} through the API server's pod proxy: {e.Message}", e);
        }
    }

    private static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);
}
