using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.Probes.Inspection;

/// <summary>
/// The local mesh as the checks see it: the control-plane view from the manifests' <see cref="MeshTopology"/>
/// (what Kubernetes would show for them) and the dataplane view from the ztunnel / sidecar stand-ins' admin
/// endpoints (GET /workloads, GET /metrics).
/// </summary>
public sealed class LocalMeshInspector(MeshManifests manifests, MeshTopology topology, DataplaneAdminOptions admin, HttpClient http, TimeProvider time)
    : IMeshInspector
{
    /// <summary>The message of every dataplane look when no admin endpoint was given.</summary>
    public const string NoAdminEndpoint = "no dataplane admin endpoint given (--dataplane-admin URL or Probes__DataplaneAdmin)";

    /// <summary>Only Istio's TCP metrics matter to the checks; the rest of /metrics is skipped.</summary>
    private const string MetricPrefix = "istio_tcp_";

    public Task<IReadOnlyList<MeshNamespace>> GetNamespacesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MeshNamespace>>(topology.Namespaces
            .Where(n => n.Declared)
            .Select(n => new MeshNamespace(n.Name, n.Labels, n.Assumed))
            .ToList());

    public Task<IReadOnlyList<MeshWorkload>> GetWorkloadsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MeshWorkload>>(topology.Workloads
            .Select(w => new MeshWorkload(
                w.Name, w.Namespace, w.ServiceName, w.ServiceAccount, w.Identity.ToString(), w.Replicas,
                w.Pods.Select(p => new MeshPod(p.Name, p.Namespace, p.Workload, p.ServiceAccount, p.Identity.ToString(), p.Containers, p.Annotations, p.Labels, p.Reason)).ToList(),
                new MtlsPolicy(w.PeerAuthenticationMode, w.PeerAuthenticationSource)))
            .ToList());

    public Task<IReadOnlyList<PeerAuthenticationPolicy>> GetPeerAuthenticationsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PeerAuthenticationPolicy>>(manifests.PeerAuthentications
            .Select(p => new PeerAuthenticationPolicy(p.Ref.Namespace, p.Ref.Name, p.MtlsMode, p.Selector, p.Ref.ToString()))
            .ToList());

    public Task<IReadOnlyList<DestinationRuleTls>> GetDestinationRulesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DestinationRuleTls>>(manifests.DestinationRules
            .Select(d => new DestinationRuleTls(d.Ref.Namespace, d.Ref.Name, d.Host, d.TlsMode, d.Ref.ToString()))
            .ToList());

    public async Task<IReadOnlyList<DataplaneComponent>> GetDataplaneComponentsAsync(CancellationToken cancellationToken)
    {
        var components = new List<DataplaneComponent>();
        foreach (var endpoint in RequireEndpoints())
        {
            var text = await FetchAsync(endpoint, "workloads", cancellationToken).ConfigureAwait(false);
            IReadOnlyList<DataplaneWorkloadEntry> entries;
            try
            {
                entries = WorkloadsView.Parse(text);
            }
            catch (FormatException e)
            {
                throw new InspectionException($"dataplane admin {endpoint} answered /workloads with something else: {e.Message}", e);
            }

            components.Add(new DataplaneComponent(KindOf(entries), endpoint, entries));
        }

        return components;
    }

    public async Task<DataplaneMetrics> GetDataplaneMetricsAsync(CancellationToken cancellationToken)
    {
        var samples = new List<MetricSample>();
        foreach (var endpoint in RequireEndpoints())
        {
            var text = await FetchAsync(endpoint, "metrics", cancellationToken).ConfigureAwait(false);
            try
            {
                samples.AddRange(PrometheusText.Parse(text, name => name.StartsWith(MetricPrefix, StringComparison.Ordinal)));
            }
            catch (FormatException e)
            {
                throw new InspectionException($"dataplane admin {endpoint} answered /metrics with something else: {e.Message}", e);
            }
        }

        return new DataplaneMetrics(time.GetUtcNow(), samples);
    }

    public async Task<IReadOnlyList<PodAddress>> GetPodAddressesAsync(CancellationToken cancellationToken)
    {
        var components = await GetDataplaneComponentsAsync(cancellationToken).ConfigureAwait(false);

        // A sidecar knows its own pods best; a ztunnel lists every pod it has heard of. A row without a host:port
        // address (a pod no Service fronts) gives that pod no address: the checks say so for that pod alone.
        return components
            .OrderBy(c => c.Kind == DataplaneComponentKind.Sidecar ? 0 : 1)
            .SelectMany(c => c.Workloads.Select(entry => (Component: c, Entry: entry)))
            .Select(x => TryAddress(x.Entry.Address, out var host, out var port)
                ? new PodAddress(x.Entry.Namespace, x.Entry.PodName, host, port, x.Entry.Protocol, x.Component)
                : null)
            .OfType<PodAddress>()
            .DistinctBy(a => (a.Namespace, a.PodName))
            .ToList();
    }

    private IList<Uri> RequireEndpoints() =>
        admin.Endpoints.Count > 0 ? admin.Endpoints : throw new InspectionException(NoAdminEndpoint);

    private async Task<string> FetchAsync(Uri endpoint, string path, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + path);
        try
        {
            using var timeout = new CancellationTokenSource(admin.RequestTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await http.GetAsync(url, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InspectionException($"dataplane admin {url} answered {(int)response.StatusCode}");
            }

            return await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new InspectionException($"dataplane admin {url} is unreachable ({e.Message})", e);
        }
    }

    /// <summary>
    /// The admin API does not say what it is. A ztunnel lists every workload it knows (captured ones as HBONE), a
    /// sidecar only the pods of its own workload: so HBONE rows or pods of several workloads mean ztunnel.
    /// </summary>
    private DataplaneComponentKind KindOf(IReadOnlyList<DataplaneWorkloadEntry> entries)
    {
        if (entries.Any(e => e.IsHbone))
        {
            return DataplaneComponentKind.Ztunnel;
        }

        var workloads = entries
            .Select(e => topology.Pod(new NamespacedName(e.Namespace, e.PodName)) is { } pod ? pod.WorkloadId.ToString() : $"{e.Namespace}/{e.PodName}")
            .Distinct(StringComparer.Ordinal)
            .Count();
        return workloads > 1 ? DataplaneComponentKind.Ztunnel : DataplaneComponentKind.Sidecar;
    }

    private static bool TryAddress(string address, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = address[..colon].Trim('[', ']');
        return true;
    }
}
