using AmbientVerify.TestSupport.Prometheus;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>The shared fixtures of the real Prometheus and Pushgateway (tests/TestSupport/Prometheus) that the metrics tests stand on.</summary>
public class RealPrometheusTests
{
    [Fact]
    public void A_missing_binary_fails_with_the_package_to_install()
    {
        var e = Assert.Throws<InvalidOperationException>(() => DebianBinary.Require("prometheus", "prometheus", ["/nonexistent-bin"]));

        Assert.Contains("install the Debian package prometheus (.ci/run does)", e.Message);
    }

    [Fact]
    public void Config_scrapes_each_target_every_second_honouring_labels_when_asked()
    {
        var yaml = RealPrometheus.Config([new("pushgateway", new Uri("http://127.0.0.1:9091/"), HonorLabels: true)]);

        Assert.Contains("scrape_interval: 1s", yaml);
        Assert.Contains("job_name: \"pushgateway\"", yaml);
        Assert.Contains("honor_labels: true", yaml);
        Assert.Contains("targets: [\"127.0.0.1:9091\"]", yaml);
    }

    [Fact]
    public async Task Prometheus_scrapes_a_pushgateway_and_nothing_is_left_after_dispose()
    {
        var ct = TestContext.Current.CancellationToken;
        Uri prometheusAddress, pushgatewayAddress;
        string prometheusDirectory, pushgatewayDirectory;
        await using (var pushgateway = await RealPushgateway.StartAsync(ct))
        await using (var prometheus = await RealPrometheus.StartAsync([pushgateway.ScrapeTarget()], ct))
        {
            (prometheusAddress, pushgatewayAddress) = (prometheus.Address, pushgateway.Address);
            (prometheusDirectory, pushgatewayDirectory) = (prometheus.ScratchDirectory, pushgateway.ScratchDirectory);
            Assert.True(File.Exists(Path.Combine(prometheusDirectory, "prometheus.yml")));
            using var http = new HttpClient();
            using var pushed = await http.PutAsync(new Uri(pushgateway.Address, "/metrics/job/fixture/where/here"), new StringContent("# TYPE answer gauge\nanswer 42\n"), ct);
            pushed.EnsureSuccessStatusCode();

            var result = await prometheus.WaitForAsync("answer", r => r.Count == 1, TimeSpan.FromSeconds(20), ct);

            var sample = Assert.Single(result);
            Assert.Equal(42, sample.Value);
            Assert.Equal("fixture", sample["job"]);
            Assert.Equal("here", sample["where"]);
        }

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync(prometheusAddress, ct));
        await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync(pushgatewayAddress, ct));
        Assert.False(Directory.Exists(prometheusDirectory), prometheusDirectory);
        Assert.False(Directory.Exists(pushgatewayDirectory), pushgatewayDirectory);
    }

    [Fact]
    public async Task Each_pushgateway_starts_empty_whatever_another_was_pushed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await RealPushgateway.StartAsync(ct))
        {
            using var http = new HttpClient();
            using var pushed = await http.PutAsync(new Uri(first.Address, "/metrics/job/left-behind"), new StringContent("# TYPE left_behind gauge\nleft_behind 1\n"), ct);
            pushed.EnsureSuccessStatusCode();
            Assert.Contains("left_behind{", await first.MetricsAsync(ct));
        }

        await using var second = await RealPushgateway.StartAsync(ct);

        Assert.DoesNotContain("left_behind", await second.MetricsAsync(ct));
    }

    [Fact]
    public async Task A_query_prometheus_refuses_says_why()
    {
        await using var prometheus = await RealPrometheus.StartAsync([], TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => prometheus.QueryAsync("sum(", TestContext.Current.CancellationToken));

        Assert.Contains("Prometheus refused sum(", e.Message);
    }
}
