using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Resources.Cluster;
using AmbientVerify.TestSupport.FakeApi;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Resources.Cluster;

/// <summary>Sampling on a fake clock: average and peak per component, pods that come and go, the metrics-server's samples over HTTP.</summary>
public sealed class ClusterUsageSamplerTests
{
    private const long Mi = 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ClusterComponent Sidecar = new(
        new ResourceComponent(ComponentKinds.Sidecar, "customer-0", "ecommerce", "customer", Manifests.Model.ResourceAmounts.Unset, Manifests.Model.ResourceAmounts.Unset),
        "ecommerce", "customer-0", new HashSet<string> { "istio-proxy" });

    private static readonly ClusterComponent Workload = Sidecar with
    {
        Component = Sidecar.Component with { Kind = ComponentKinds.Workload },
        Containers = new HashSet<string> { "app", "log-shipper" },
    };

    /// <summary>Answers each read with the next of the given samples.</summary>
    private sealed class ScriptedSource(params IReadOnlyList<ContainerUsageSample>[] samples) : IContainerUsageSource
    {
        private int _next;

        public string Description => "scripted";

        public Task<IReadOnlyList<ContainerUsageSample>> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(samples[_next++]);
    }

    private static ContainerUsageSample At(string container, double cpu, long memoryMi, string pod = "customer-0") => new("ecommerce", pod, container, cpu, memoryMi * Mi);

    [Fact]
    public async Task Average_and_peak_are_over_the_samples_and_summed_over_the_components_containers()
    {
        var time = new FakeTimeProvider(Start);
        var sampler = new ClusterUsageSampler(new ScriptedSource(
            [At("istio-proxy", 0.1, 50), At("app", 0.2, 100), At("log-shipper", 0.01, 10)],
            [At("istio-proxy", 0.3, 70), At("app", 0.4, 120), At("log-shipper", 0.01, 10)]), time);

        await sampler.SampleOnceAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(15));
        await sampler.SampleOnceAsync(Ct);

        var sidecar = sampler.UsageOf(Sidecar);
        Assert.Equal((0.2, 0.3, 60 * Mi, 70 * Mi, 2), (Math.Round(sidecar.CpuAvgCores, 6), sidecar.CpuPeakCores, sidecar.MemoryAvgBytes, sidecar.MemoryPeakBytes, sidecar.Samples));
        Assert.Equal((Start, Start.AddSeconds(15)), (sidecar.WindowStart, sidecar.WindowEnd));
        Assert.Null(sidecar.Incomplete);
        var workload = sampler.UsageOf(Workload);
        Assert.Equal(0.41, workload.CpuPeakCores, 6);
        Assert.Equal(130 * Mi, workload.MemoryPeakBytes);
    }

    [Fact]
    public async Task A_pod_missing_from_a_sample_is_incomplete_and_says_when()
    {
        var time = new FakeTimeProvider(Start);
        var sampler = new ClusterUsageSampler(new ScriptedSource([At("istio-proxy", 0.1, 50)], [At("istio-proxy", 0.1, 50, pod: "other")]), time);

        await sampler.SampleOnceAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(15));
        await sampler.SampleOnceAsync(Ct);

        var usage = sampler.UsageOf(Sidecar);
        Assert.Equal(1, usage.Samples);
        Assert.Equal("pod ecommerce/customer-0 was missing from 1 of 2 samples (first at 2026-12-02T08:00:15.0000000+00:00); figures cover the others", usage.Incomplete);
    }

    [Fact]
    public async Task A_pod_never_seen_has_no_samples_and_is_never_silently_zero()
    {
        var sampler = new ClusterUsageSampler(new ScriptedSource([At("app", 0.1, 50)]), new FakeTimeProvider(Start));

        await sampler.SampleOnceAsync(Ct);

        var usage = sampler.UsageOf(Sidecar);
        Assert.Equal(0, usage.Samples);
        Assert.Equal("no usage for pod ecommerce/customer-0 (istio-proxy) in any of 1 sample(s) of scripted", usage.Incomplete);
    }

    [Fact]
    public async Task Sampling_takes_one_sample_per_interval_over_the_duration_on_the_injected_clock()
    {
        var time = new FakeTimeProvider(Start);
        var script = Enumerable.Range(0, 5).Select(i => (IReadOnlyList<ContainerUsageSample>)[At("istio-proxy", i, 10)]).ToArray();
        var sampler = new ClusterUsageSampler(new ScriptedSource(script), time);

        var sampling = sampler.SampleAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15), Ct);
        for (var i = 0; i < 4; i++)
        {
            Assert.False(sampling.IsCompleted, $"sampling ended after {sampler.SampleCount} samples");
            time.Advance(TimeSpan.FromSeconds(15));
        }

        await sampling;
        Assert.Equal(5, sampler.SampleCount);
        Assert.Equal(4.0, sampler.UsageOf(Sidecar).CpuPeakCores);
    }

    [Fact]
    public async Task The_metrics_server_is_read_over_the_api_and_its_quantities_parsed()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.AddNamespace("ecommerce", new Dictionary<string, string>());
        api.AddYaml(ClusterSamples.PodMetrics("ecommerce", "customer-0", ("istio-proxy", "150000000n", "61440Ki"), ("app", "25m", "100Mi")));
        var time = new FakeTimeProvider(Start);
        var sampler = new ClusterUsageSampler(new MetricsServerUsageSource(ClusterConnection.FromHost(api.Url), ["ecommerce"]), time);

        await sampler.SampleOnceAsync(Ct);
        api.Update("metrics.k8s.io", "pods", "ecommerce", "customer-0", item => item["containers"]![0]!["usage"]!["memory"] = "80Mi");
        time.Advance(TimeSpan.FromSeconds(15));
        await sampler.SampleOnceAsync(Ct);

        var usage = sampler.UsageOf(Sidecar);
        Assert.Equal(0.15, usage.CpuAvgCores, 6);
        Assert.Equal(70 * Mi, usage.MemoryAvgBytes);
        Assert.Equal(80 * Mi, usage.MemoryPeakBytes);
        Assert.Contains(api.Requests, r => r is { Group: "metrics.k8s.io", Resource: "pods", Verb: "list", Namespace: "ecommerce" });
    }

    [Fact]
    public async Task A_refused_metrics_read_is_an_access_error_not_a_missing_metrics_server()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Forbid("list", "metrics.k8s.io", "pods");
        var source = new MetricsServerUsageSource(ClusterConnection.FromHost(api.Url), ["ecommerce"]);

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => source.ReadAsync(Ct));

        Assert.StartsWith("the credentials may not list pods.metrics.k8s.io (403 Forbidden)", error.Message, StringComparison.Ordinal);
    }
}
