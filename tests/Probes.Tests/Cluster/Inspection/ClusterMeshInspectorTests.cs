using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Inspection;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.TestSupport.FakeApi;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Cluster.Inspection;

/// <summary>The cluster inspector over a seeded fake cluster: live pods per workload, ztunnel per node, metrics through the pod proxy.</summary>
public sealed class ClusterMeshInspectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(FakeApiServer Api, ClusterMeshInspector Inspector)> InspectorAsync(string sample, SeededClusterOptions? options = null)
    {
        var (api, cluster) = await SeededReading.SeedAndReadAsync(sample, options);
        return (api, new ClusterMeshInspector(cluster, ClusterConnection.FromHost(api.Url), new FakeTimeProvider()));
    }

    [Fact]
    public async Task Workloads_carry_the_live_pods_their_selector_matches_and_the_peer_authentication_that_applies()
    {
        var (api, inspector) = await InspectorAsync("ambient");
        await using var _ = api;

        var workloads = await inspector.GetWorkloadsAsync(Ct);

        var customer = Assert.Single(workloads, w => w.Name == "customer-service");
        Assert.Equal("customer-service", customer.ServiceName);
        Assert.NotEmpty(customer.Pods);
        Assert.All(customer.Pods, p => Assert.StartsWith("customer-service-" + SeededCluster.PodTemplateHash, p.Name));
        Assert.Equal("STRICT", customer.PeerAuthentication.Mode);
        Assert.StartsWith("PeerAuthentication ecommerce/", customer.PeerAuthentication.Source);
        Assert.Contains("cluster:peerauthentication/", customer.PeerAuthentication.Source);
    }

    [Fact]
    public async Task Namespaces_have_their_real_labels_and_are_not_assumed()
    {
        var (api, inspector) = await InspectorAsync("ambient");
        await using var _ = api;

        var ns = Assert.Single(await inspector.GetNamespacesAsync(Ct), n => n.Name == "ecommerce");

        Assert.Equal("ambient", ns.Labels["istio.io/dataplane-mode"]);
        Assert.False(ns.Assumed);
    }

    [Fact]
    public async Task Each_ztunnel_pod_lists_the_captured_pods_of_its_node_as_hbone()
    {
        var (api, inspector) = await InspectorAsync("ambient");
        await using var _ = api;

        var components = await inspector.GetDataplaneComponentsAsync(Ct);

        Assert.Equal(3, components.Count);
        Assert.All(components, c => Assert.Equal(DataplaneComponentKind.Ztunnel, c.Kind));
        Assert.All(components.SelectMany(c => c.Workloads), w => Assert.True(w.IsHbone));
        Assert.Equal(components.Sum(c => c.Workloads.Count), (await inspector.GetWorkloadsAsync(Ct)).Sum(w => w.Pods.Count));
    }

    [Fact]
    public async Task A_pod_on_a_node_without_ztunnel_is_listed_by_none()
    {
        var (api, inspector) = await InspectorAsync("ambient", new SeededClusterOptions { NodeWithoutZtunnel = "node-2" });
        await using var _ = api;

        var components = await inspector.GetDataplaneComponentsAsync(Ct);

        Assert.Equal(2, components.Count);
        Assert.DoesNotContain(components.SelectMany(c => c.Workloads), w => w.Node == "node-2");
    }

    [Fact]
    public async Task Sidecar_pods_are_sidecar_components_and_their_pods_are_tcp()
    {
        var (api, inspector) = await InspectorAsync("sidecar");
        await using var _ = api;

        var components = await inspector.GetDataplaneComponentsAsync(Ct);

        Assert.NotEmpty(components);
        Assert.All(components, c => Assert.Equal(DataplaneComponentKind.Sidecar, c.Kind));
        Assert.All(components, c => Assert.Contains(":15090/proxy/stats/prometheus", c.Admin.ToString()));
    }

    [Fact]
    public async Task Ztunnel_metrics_come_through_the_api_servers_pod_proxy()
    {
        var asked = new List<string>();
        var (api, inspector) = await InspectorAsync("ambient", new SeededClusterOptions
        {
            ZtunnelMetrics = pod =>
            {
                lock (asked)
                {
                    asked.Add(pod);
                }

                return Task.FromResult(
                    "istio_tcp_connections_opened_total{reporter=\"destination\",destination_workload=\"customer-service\",connection_security_policy=\"mutual_tls\"} 7\n" +
                    "process_cpu_seconds_total 3\n");
            },
        });
        await using var _ = api;

        var metrics = await inspector.GetDataplaneMetricsAsync(Ct);

        Assert.Equal(["ztunnel-node-1", "ztunnel-node-2", "ztunnel-node-3"], asked.Order());
        Assert.Equal(3, metrics.Samples.Count);
        Assert.All(metrics.Samples, s => Assert.Equal(7, s.Value));
    }

    [Fact]
    public async Task A_refused_pod_proxy_is_an_inspection_error_naming_the_pod()
    {
        var (api, inspector) = await InspectorAsync("ambient");
        await using var _ = api;
        api.RefuseWith = 403;

        var error = await Assert.ThrowsAsync<InspectionException>(() => inspector.GetDataplaneMetricsAsync(Ct));

        Assert.Contains("pod istio-system/ztunnel-node-1:15020 through the API server's pod proxy", error.Message);
        Assert.Contains("403 Forbidden", error.Message);
    }

    [Fact]
    public async Task Pod_addresses_are_the_pod_ip_and_the_service_target_port()
    {
        var (api, inspector) = await InspectorAsync("ambient");
        await using var _ = api;

        var addresses = await inspector.GetPodAddressesAsync(Ct);

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.StartsWith("10.244.", a.Host));
        Assert.All(addresses, a => Assert.True(a.Port > 0));
        Assert.All(addresses, a => Assert.Equal(DataplaneComponentKind.Ztunnel, a.ReportedBy.Kind));
    }
}
