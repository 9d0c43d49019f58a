using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Resources.Cluster;
using AmbientVerify.TestSupport.FakeApi;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Resources.Cluster;

/// <summary>Usage through Prometheus' HTTP API (a loopback stand-in), and its refusals.</summary>
public sealed class PrometheusUsageSourceTests
{
    private const long Mi = 1024 * 1024;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (int, string) Answer(string query) => query.StartsWith("container_memory_working_set_bytes", StringComparison.Ordinal)
        ? (200, PrometheusStandIn.Vector(("ecommerce", "customer-0", "istio-proxy", 50 * Mi), ("ecommerce", "customer-0", "app", 100 * Mi)))
        : (200, PrometheusStandIn.Vector(("ecommerce", "customer-0", "istio-proxy", 0.125), ("ecommerce", "customer-0", "app", 0.02)));

    [Fact]
    public async Task Working_set_and_cpu_rate_are_read_per_container()
    {
        await using var prometheus = await PrometheusStandIn.StartAsync(Answer);
        using var http = new HttpClient();
        var source = new PrometheusUsageSource(http, prometheus.Url, ["ecommerce", "istio-system"]);

        var samples = await source.ReadAsync(Ct);

        Assert.Contains(new ContainerUsageSample("ecommerce", "customer-0", "istio-proxy", 0.125, 50 * Mi), samples);
        Assert.Contains(new ContainerUsageSample("ecommerce", "customer-0", "app", 0.02, 100 * Mi), samples);
        Assert.Equal(
            ["container_memory_working_set_bytes{namespace=~\"ecommerce|istio-system\",container!=\"\",container!=\"POD\"}",
             "rate(container_cpu_usage_seconds_total{namespace=~\"ecommerce|istio-system\",container!=\"\",container!=\"POD\"}[1m])"],
            prometheus.Queries);
    }

    [Fact]
    public async Task A_failed_query_is_named_with_prometheus_words()
    {
        await using var prometheus = await PrometheusStandIn.StartAsync(_ => (400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}"));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => new PrometheusUsageSource(http, prometheus.Url, ["ecommerce"]).ReadAsync(Ct));

        Assert.EndsWith("failed (bad_data: parse error at char 5)", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"--prometheus {prometheus.Url}: the query container_memory_working_set_bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_query_api_says_to_check_the_url()
    {
        await using var prometheus = await PrometheusStandIn.StartAsync(_ => (200, "{\"hello\":1}"));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => new PrometheusUsageSource(http, prometheus.Url, ["ecommerce"]).ReadAsync(Ct));

        Assert.Contains("is not Prometheus' query API JSON", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("is the URL Prometheus' base URL?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_prometheus_is_named()
    {
        var port = AmbientVerify.TestSupport.LoopbackPorts.Free();
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            new PrometheusUsageSource(http, new Uri($"http://127.0.0.1:{port}/"), ["ecommerce"]).ReadAsync(Ct));

        Assert.StartsWith($"--prometheus http://127.0.0.1:{port}/ is unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_snapshot_without_a_metrics_server_takes_its_usage_from_prometheus()
    {
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedSidecar(api, podMetrics: false);
        api.RemoveGroup("metrics.k8s.io");
        await using var prometheus = await PrometheusStandIn.StartAsync(query => query.StartsWith("container_memory", StringComparison.Ordinal)
            ? (200, PrometheusStandIn.Vector([.. ClusterSamples.AllPods().Select(p => ("ecommerce", p, "istio-proxy", 64.0 * Mi))]))
            : (200, PrometheusStandIn.Vector([.. ClusterSamples.AllPods().Select(p => ("ecommerce", p, "istio-proxy", 0.05))])));
        using var http = new HttpClient();

        var result = await ClusterSnapshot.TakeAsync(ClusterConnection.FromHost(api.Url),
            new ClusterSnapshotRequest(new ClusterTarget(null, null, "ecommerce"), null, TimeSpan.Zero, TimeSpan.FromSeconds(15), prometheus.Url),
            http, new FakeTimeProvider(), Ct);

        Assert.Empty(result.Warnings);
        Assert.All(result.Snapshot.OfKind(ComponentKinds.Sidecar), s => Assert.Equal((64 * Mi, 0.05), (s.Usage!.MemoryAvgBytes, s.Usage.CpuAvgCores)));
        Assert.DoesNotContain(api.Requests, r => r.Group == "metrics.k8s.io");
    }
}
