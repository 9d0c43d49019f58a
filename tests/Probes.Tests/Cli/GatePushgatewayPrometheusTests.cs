using System.Text.Json;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.Prometheus;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>
/// Issue 11's short-lived runs end to end: <c>gate --pushgateway</c> pushes to the real Pushgateway, the real
/// Prometheus scrapes it (honor_labels), and a dashboard's query gives the gate's verdicts; a rerun replaces the group.
/// The gate runs in-process on the ambient sample behind the loopback fake gateway and ztunnel, with the short policy.
/// </summary>
public sealed class GatePushgatewayPrometheusTests : IDisposable
{
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _output = new("probes-push-e2e-");

    public void Dispose() => _output.Dispose();

    /// <param name="plaintextAnswers">Whether the pods answer plaintext: the plaintext check then fails (exit 1).</param>
    private async Task<int> GateAsync(Uri pushgateway, bool plaintextAnswers)
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);
        await using var pod = plaintextAnswers ? FakePod.Answering() : FakePod.Refusing();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), pod);
        return await ProbesCommandLine.Create()
            .Parse(["gate", "--gateway", gateway.Address.ToString(), "--manifests", Repository.Sample("ambient"), "--output", _output.Path,
                .. Gateways.ShortPolicyArguments, "--dataplane-admin", ztunnel.Address.ToString(), "--pushgateway", pushgateway.ToString()])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>report.json's verdicts by check, case id and route (the last one where a case repeats, as the gauge keeps).</summary>
    private Dictionary<(string Check, string Case, string Route), string> ReportedVerdicts()
    {
        var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output.Path, "report.json"))).RootElement.GetProperty("results");
        var verdicts = new Dictionary<(string, string, string), string>();
        foreach (var r in results.EnumerateArray())
        {
            verdicts[(r.GetProperty("check").GetString()!, r.GetProperty("caseId").GetString()!, r.GetProperty("route").GetString()!)] = r.GetProperty("verdict").GetString()!;
        }

        return verdicts;
    }

    [Fact]
    public async Task Prometheus_shows_the_pushed_verdicts_and_a_rerun_replaces_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pushgateway = await RealPushgateway.StartAsync(ct);
        await using var prometheus = await RealPrometheus.StartAsync([pushgateway.ScrapeTarget()], ct);

        Assert.Equal(1, await GateAsync(pushgateway.Address, plaintextAnswers: true));

        var first = ReportedVerdicts();
        Assert.Contains("pass", first.Values);
        Assert.Contains("fail", first.Values);
        await prometheus.WaitForAsync("ambientverify_gate_exit_code{job=\"ambientverify-gate\"}", r => r is [{ Value: 1 }], ScrapeWait, ct);
        var verdicts = await prometheus.QueryAsync("ambientverify_check_passed{job=\"ambientverify-gate\"}", ct);
        Assert.Equal(first.Count, verdicts.Count);
        foreach (var series in verdicts)
        {
            Assert.Equal("local", series["target"]);
            Assert.Equal("ecommerce", series["namespace"]);
            var key = (series["check"]!, series["case"]!, series["route"]!);
            Assert.True(first.TryGetValue(key, out var verdict), $"{series} is not in report.json");
            Assert.Equal(verdict == "pass" ? 1 : 0, series.Value);
        }

        // A dashboard panel: the failing cases per namespace and check (a gap is not a pass either, so not "passed == 0").
        var failing = Assert.Single(await prometheus.QueryAsync("count by (namespace, check) (ambientverify_check_runs_total{job=\"ambientverify-gate\",verdict=\"fail\"})", ct));
        Assert.Equal("plaintext", failing["check"]);
        Assert.Equal(first.Count(v => v.Key.Check == "plaintext" && v.Value == "fail"), failing.Value);
        var ran = Assert.Single(await prometheus.QueryAsync("ambientverify_gate_last_run_timestamp_seconds{job=\"ambientverify-gate\"}", ct));
        Assert.InRange(ran.Value, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);

        Assert.Equal(0, await GateAsync(pushgateway.Address, plaintextAnswers: false));

        var metrics = await pushgateway.MetricsAsync(ct);
        Assert.DoesNotContain(metrics.Split('\n'), l => l.StartsWith("ambientverify_check_runs_total{", StringComparison.Ordinal) && l.Contains("verdict=\"fail\"", StringComparison.Ordinal));
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("ambientverify_check_runs_total{", StringComparison.Ordinal) && l.Contains("check=\"plaintext\"", StringComparison.Ordinal));
        Assert.Single(metrics.Split('\n'), l => l.StartsWith("ambientverify_gate_exit_code{", StringComparison.Ordinal));
        await prometheus.WaitForAsync("ambientverify_gate_exit_code{job=\"ambientverify-gate\"}", r => r is [{ Value: 0 }], ScrapeWait, ct);
        await prometheus.WaitForAsync("ambientverify_check_runs_total{job=\"ambientverify-gate\",verdict=\"fail\"}", r => r.Count == 0, ScrapeWait, ct);
        Assert.Equal(ReportedVerdicts().Count, (await prometheus.QueryAsync("ambientverify_check_passed{job=\"ambientverify-gate\"}", ct)).Count);
    }
}
