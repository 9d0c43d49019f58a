using System.Text.Json;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.Grafana;
using AmbientVerify.TestSupport.Prometheus;
using Expectation = AmbientVerify.TestSupport.Grafana.DashboardEvaluation.Expectation;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>
/// Issue 11's short-lived runs end to end: <c>gate --pushgateway</c> pushes to the real Pushgateway, the real
/// Prometheus scrapes it (honor_labels), and the verdicts dashboard's own queries (deploy/grafana, read from the JSON,
/// <c>$namespace</c> at the pushed group's namespace) give the gate's verdicts and exit code; a rerun replaces the group.
/// The gate runs in-process on the ambient sample behind the loopback fake gateway and ztunnel, with the short policy.
/// </summary>
public sealed class GatePushgatewayPrometheusTests : IDisposable
{
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(30);

    private static readonly GrafanaDashboard Verdicts = GrafanaDashboard.WithUid("ambientverify-verdicts");

    /// <summary>Every panel with the pushed group's grouping labels on its series; the dataplane's istio_tcp_* are not pushed (null).</summary>
    private static readonly Dictionary<string, Expectation?> PushedPanels = new()
    {
        ["Passing"] = new([]),
        ["Results by check and verdict"] = new(["check", "verdict"]),
        ["Verdicts over time (per check, case and route)"] = new(["check", "case", "route", "target", "mode", "namespace", "job"]),
        ["Observed tries (expected 4 where the retry policy applies)"] = new(["case", "route", "namespace"]),
        ["Observed request timeout (expected 30 s)"] = new(["route", "namespace"]),
        ["Probe latency through the gateway (p50, p95, p99)"] = new(["route"]),
        ["Inbound connections by security policy"] = null,
        ["Inbound bytes by security policy"] = null,
        ["Connections by identity"] = null,
        ["mTLS, capture and plaintext checks"] = new(["check"]),
        ["Gate exit code"] = new(["namespace", "target"]),
        ["Age of the last gate run"] = new(["namespace", "target"]),
    };

    /// <summary>A panel's first query as Grafana sends it with $namespace at the pushed group's namespace, the other variables at All.</summary>
    private static string PanelQueryOf(string title) =>
        PanelQuery.Expand(Verdicts.Panel(title).Targets[0].Expr, Verdicts, PanelQuery.Selection.Of("namespace", "ecommerce"));

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
    public async Task The_dashboard_shows_the_pushed_verdicts_and_a_rerun_replaces_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pushgateway = await RealPushgateway.StartAsync(ct);
        await using var prometheus = await RealPrometheus.StartAsync([pushgateway.ScrapeTarget()], ct);

        Assert.Equal(1, await GateAsync(pushgateway.Address, plaintextAnswers: true));

        var first = ReportedVerdicts();
        Assert.Contains("pass", first.Values);
        Assert.Contains("fail", first.Values);
        var exitCode = Assert.Single(await prometheus.WaitForAsync(PanelQueryOf("Gate exit code"), r => r.Count == 1, ScrapeWait, ct));
        Assert.Equal((1.0, "ecommerce", "local"), (exitCode.Value, exitCode["namespace"], exitCode["target"]));
        var verdicts = await prometheus.QueryAsync(PanelQueryOf("Verdicts over time (per check, case and route)"), ct);
        Assert.Equal(first.Count, verdicts.Count);
        foreach (var series in verdicts)
        {
            Assert.Equal(("ambientverify-gate", "local", "ecommerce"), (series["job"], series["target"], series["namespace"]));
            var key = (series["check"]!, series["case"]!, series["route"]!);
            Assert.True(first.TryGetValue(key, out var verdict), $"{series} is not in report.json");
            Assert.Equal(verdict == "pass" ? 1 : 0, series.Value);
        }

        // The failing results per check (a gap is not a pass either, so not "passed == 0").
        var failing = Assert.Single(await prometheus.QueryAsync(PanelQueryOf("Results by check and verdict"), ct), s => s["verdict"] == "fail");
        Assert.Equal("plaintext", failing["check"]);
        Assert.Equal(first.Count(v => v.Key.Check == "plaintext" && v.Value == "fail"), failing.Value);
        var age = Assert.Single(await prometheus.QueryAsync(PanelQueryOf("Age of the last gate run"), ct));
        Assert.InRange(age.Value, -1, 300);
        // Every panel of the dashboard, as the evaluation of DashboardQueriesTests does it, on the pushed group.
        Assert.Equal(["ecommerce"], await prometheus.Api.LabelValuesAsync("namespace", "ambientverify_check_passed", ct));
        Assert.Empty(await new DashboardEvaluation(prometheus.Api).ProblemsAsync(Verdicts, PushedPanels, new HashSet<string>(), ct));

        Assert.Equal(0, await GateAsync(pushgateway.Address, plaintextAnswers: false));

        var metrics = await pushgateway.MetricsAsync(ct);
        Assert.DoesNotContain(metrics.Split('\n'), l => l.StartsWith("ambientverify_check_runs_total{", StringComparison.Ordinal) && l.Contains("verdict=\"fail\"", StringComparison.Ordinal));
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("ambientverify_check_runs_total{", StringComparison.Ordinal) && l.Contains("check=\"plaintext\"", StringComparison.Ordinal));
        Assert.Single(metrics.Split('\n'), l => l.StartsWith("ambientverify_gate_exit_code{", StringComparison.Ordinal));
        await prometheus.WaitForAsync(PanelQueryOf("Gate exit code"), r => r is [{ Value: 0 }], ScrapeWait, ct);
        await prometheus.WaitForAsync(PanelQueryOf("Results by check and verdict"), r => r.Count > 0 && r.All(s => s["verdict"] != "fail"), ScrapeWait, ct);
        Assert.Equal(ReportedVerdicts().Count, (await prometheus.QueryAsync(PanelQueryOf("Verdicts over time (per check, case and route)"), ct)).Count);
    }
}
