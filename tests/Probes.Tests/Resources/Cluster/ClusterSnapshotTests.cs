using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Resources.Cluster;
using AmbientVerify.TestSupport.FakeApi;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Resources.Cluster;

/// <summary><see cref="ClusterSnapshot"/> against the fake API server over KubernetesClient: live pods, metrics.k8s.io, refusals.</summary>
public sealed class ClusterSnapshotTests
{
    private const long Mi = 1024 * 1024;
    private static readonly ClusterTarget Target = new(null, null, ClusterSamples.Namespace);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ClusterSnapshotResult> TakeAsync(FakeApiServer api, MeshMode? mode = null, Uri? prometheus = null)
    {
        using var http = new HttpClient();
        return await ClusterSnapshot.TakeAsync(ClusterConnection.FromHost(api.Url), new ClusterSnapshotRequest(Target, mode, TimeSpan.Zero, TimeSpan.FromSeconds(15), prometheus),
            http, new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero)), Ct);
    }

    [Fact]
    public async Task A_sidecar_cluster_gives_each_pod_its_sidecar_with_the_requests_of_its_spec()
    {
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedSidecar(api);

        var snapshot = (await TakeAsync(api)).Snapshot;

        Assert.Equal(MeshMode.Sidecar, snapshot.Mode);
        Assert.Equal(ClusterSamples.Nodes, snapshot.NodeCount);
        var sidecars = snapshot.OfKind(ComponentKinds.Sidecar).ToList();
        Assert.Equal(18, sidecars.Count);
        Assert.All(sidecars, s =>
        {
            Assert.Equal(new Manifests.Model.ResourceAmounts(0.1, 128 * Mi), s.Requests);
            Assert.Equal(new Manifests.Model.ResourceAmounts(2.0, 1024 * Mi), s.Limits);
            Assert.Equal(0.2, s.Usage!.CpuAvgCores, 6);
            Assert.Equal(60 * Mi, s.Usage.MemoryPeakBytes);
        });
        Assert.Empty(snapshot.OfKind(ComponentKinds.Ztunnel));
        var gateway = Assert.Single(snapshot.OfKind(ComponentKinds.Gateway));
        Assert.Equal("ecommerce-gateway-istio-5c6d-0", gateway.Name);
        var workload = snapshot.OfKind(ComponentKinds.Workload).First();
        Assert.Equal(new Manifests.Model.ResourceAmounts(0.25, 256 * Mi), workload.Requests);
        Assert.DoesNotContain(snapshot.Components, c => c.Name == "db-migrate-x1");
        Assert.Contains(snapshot.Assumptions, a => a.Contains("Mode sidecar detected: namespace ecommerce is labelled for sidecar injection", StringComparison.Ordinal));
        Assert.StartsWith("cluster (current context, namespace ecommerce) + usage from metrics.k8s.io", snapshot.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ambient_cluster_counts_ztunnel_and_istio_cni_per_node_from_their_pods()
    {
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedAmbient(api);

        var snapshot = (await TakeAsync(api)).Snapshot;

        Assert.Equal(MeshMode.Ambient, snapshot.Mode);
        Assert.Empty(snapshot.OfKind(ComponentKinds.Sidecar));
        Assert.Equal(["node-0", "node-1", "node-2"], snapshot.OfKind(ComponentKinds.Ztunnel).Select(z => z.Name));
        Assert.All(snapshot.OfKind(ComponentKinds.Ztunnel), z => Assert.Equal(new Manifests.Model.ResourceAmounts(0.2, 512 * Mi), z.Requests));
        Assert.All(snapshot.OfKind(ComponentKinds.IstioCni), c => Assert.Equal(new Manifests.Model.ResourceAmounts(0.1, 100 * Mi), c.Requests));
        Assert.All(snapshot.OfKind(ComponentKinds.Ztunnel), z => Assert.Equal(12 * Mi, z.Usage!.MemoryAvgBytes));
    }

    [Fact]
    public async Task Compare_of_the_two_cluster_snapshots_gives_the_net_saving_after_ztunnel_and_istio_cni()
    {
        await using var before = await FakeApiServer.StartAsync();
        await using var after = await FakeApiServer.StartAsync();
        ClusterSamples.SeedSidecar(before);
        ClusterSamples.SeedAmbient(after);

        var comparison = ResourceComparison.Compare((await TakeAsync(before)).Snapshot, (await TakeAsync(after)).Snapshot);

        Assert.Equal(18, comparison.RemovedSidecars);
        var requests = comparison.On(SavingsBases.Requests);
        // 18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi; 18 × 100m − 3 × (200m + 100m) = 0.9 cores.
        Assert.Equal(468 * Mi, requests.Net.MemoryBytes);
        Assert.Equal(0.9, requests.Net.CpuCores!.Value, 6);
        Assert.Equal("18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi", requests.MemoryArithmetic);
        var usage = comparison.On(SavingsBases.UsageAvg);
        Assert.True(usage.Measured, usage.NotMeasured);
        // 18 × 60 Mi − 3 × (12 Mi + 30 Mi) = 954 Mi.
        Assert.Equal(954 * Mi, usage.Net.MemoryBytes);
        Assert.False(comparison.UsageFromLocalStandIns);
    }

    [Fact]
    public async Task Without_a_metrics_server_usage_is_not_measured_and_the_requests_are_still_there()
    {
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedAmbient(api, podMetrics: false);
        api.RemoveGroup("metrics.k8s.io");

        var result = await TakeAsync(api);

        Assert.Equal(MetricsServerUsageSource.NotServed, Assert.Single(result.Warnings));
        Assert.Equal("metrics.k8s.io is not served (metrics-server not installed): usage not measured; pass --prometheus URL", MetricsServerUsageSource.NotServed);
        Assert.All(result.Snapshot.Components, c => Assert.Null(c.Usage));
        Assert.Equal(3, result.Snapshot.OfKind(ComponentKinds.Ztunnel).Count());
        Assert.Contains(result.Snapshot.Assumptions, a => a.StartsWith("Usage not measured: metrics.k8s.io is not served", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_pod_list_names_the_verb_and_the_resource()
    {
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedSidecar(api);
        api.Forbid("list", "", "pods");

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => TakeAsync(api));

        Assert.StartsWith("the credentials may not list pods (403 Forbidden)", error.Message, StringComparison.Ordinal);
        Assert.Contains("grant 'list' on 'pods'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_namespace_is_named()
    {
        await using var api = await FakeApiServer.StartAsync();

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => TakeAsync(api));

        Assert.StartsWith("namespaces was not found (404)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_namespace_without_a_mesh_needs_mode_and_says_so()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.AddNamespace(ClusterSamples.Namespace, new Dictionary<string, string>());

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => TakeAsync(api));

        Assert.Equal("cannot tell the mesh mode of namespace ecommerce: namespace ecommerce has neither istio.io/dataplane-mode=ambient nor istio-injection=enabled, "
                     + "and no pod carries a sidecar; pass --mode sidecar|ambient", error.Message);
    }

    [Fact]
    public async Task A_mode_the_cluster_contradicts_is_kept_and_warned_about()
    {
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedSidecar(api);

        var result = await TakeAsync(api, MeshMode.Ambient);

        Assert.Equal(MeshMode.Ambient, result.Snapshot.Mode);
        Assert.Equal("--mode ambient, but the cluster looks sidecar: namespace ecommerce is labelled for sidecar injection (istio-injection=enabled or istio.io/rev)", Assert.Single(result.Warnings));
    }

    [Fact]
    public async Task The_snapshot_makes_only_requests_deploy_rbac_allows()
    {
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedAmbient(api);

        await TakeAsync(api);

        Assert.Contains(api.Requests, r => r.Group == "metrics.k8s.io" && r.Verb == "list" && r.Namespace == "istio-system");
        RbacPolicy.Deployed().AssertAllowed(api.Requests);
    }
}
