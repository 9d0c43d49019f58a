using AmbientVerify.TestSupport;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Checks.Mtls;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmbientVerify.Probes.Tests.Running;

public class ProbeRunTests
{
    private static async Task<RunReport> RunAsync(Uri gateway, string manifests)
    {
        using var http = new HttpClient();
        var settings = new RunSettings(gateway, manifests, null, MeshMode.Ambient, "local", new ExpectationOptions(), new RunnerOptions());
        return await new ProbeRun(http, TimeProvider.System, NullLoggerFactory.Instance).ExecuteAsync(settings, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Unreachable_gateway_stops_the_run_with_a_clear_message_and_exit_2()
    {
        var gateway = LoopbackPorts.ClosedUrl();

        var report = await RunAsync(gateway, Repository.Sample("ambient"));

        Assert.Contains($"gateway {gateway} is unreachable", report.Problem);
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
    }

    [Fact]
    public async Task A_target_process_that_never_gets_ready_stops_the_run_naming_it_with_exit_2()
    {
        using var http = new HttpClient();
        var notListening = new Uri(LoopbackPorts.ClosedUrl(), "/health");
        var readiness = new ReadinessOptions { Urls = [notListening], Timeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(100) };
        var settings = new RunSettings(LoopbackPorts.ClosedUrl(), Repository.Sample("ambient"), null, MeshMode.Ambient, "local", new ExpectationOptions(), new RunnerOptions(), Readiness: readiness);

        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();

        var run = new ProbeRun(http, time, NullLoggerFactory.Instance).ExecuteAsync(settings, TestContext.Current.CancellationToken);
        while (!run.IsCompleted)
        {
            await Task.Yield();
            time.Advance(readiness.PollInterval);
        }

        var report = await run;
        Assert.StartsWith($"the target is not ready after 0.3s: {notListening} (", report.Problem);
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
    }

    [Fact]
    public async Task Missing_manifests_directory_stops_the_run_with_exit_2()
    {
        var report = await RunAsync(LoopbackPorts.ClosedUrl(), Path.Combine(Path.GetTempPath(), "no-such-manifests-" + Guid.NewGuid().ToString("N")));

        Assert.StartsWith("manifests could not be read", report.Problem);
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
    }

    [Fact]
    public async Task Manifests_a_cluster_would_refuse_stop_the_run_with_the_webhook_words_and_exit_2()
    {
        var directory = Directory.CreateTempSubdirectory("probes-refused-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "vs.yaml"),
                "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs, namespace: ecommerce}\n"
                + "spec:\n  http:\n    - retries: {attempts: 0, retryOn: 5xx}\n");

            var report = await RunAsync(LoopbackPorts.ClosedUrl(), directory);

            Assert.StartsWith("a cluster would refuse this object, so the run does not start:", report.Problem);
            Assert.Contains("configuration is invalid: http retry policy configured when attempts are set to 0 (disabled)", report.Problem);
            Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The ambient sample behind the honest fake gateway and a fake ztunnel whose connection counters are whatever
    /// <paramref name="opened"/> says for the number of probes the gateway has received so far.
    /// </summary>
    private static async Task<RunReport> RunWithZtunnelAsync(Func<int, double> opened)
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);
        await using var pod = FakePod.Refusing();
        var manifests = MeshManifests.LoadDirectory(Repository.Sample("ambient"));
        var topology = MeshTopology.From(manifests);
        var rows = topology.Pods.Select(p => new WorkloadRow(p.Namespace, p.Name, pod.Address, "local", "None", "HBONE")).ToList();
        await using var ztunnel = await FakeDataplaneAdmin.StartAsync(rows, _ =>
            IstioMetrics.Text(topology.Workloads.Select(w => IstioMetrics.Opened(w.Name, opened(gateway.Probes.Count))).ToArray()));

        using var http = new HttpClient();
        var expectations = new ExpectationOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(1), PerTryTimeout = TimeSpan.FromMilliseconds(300), Tolerance = TimeSpan.FromMilliseconds(250),
        };
        var settings = new RunSettings(gateway.Address, Repository.Sample("ambient"), null, MeshMode.Ambient, "local", expectations,
            new RunnerOptions { MaxRequestsPerSecond = 100 }, new DataplaneAdminOptions { Endpoints = [ztunnel.Address] });
        return await new ProbeRun(http, TimeProvider.System, NullLoggerFactory.Instance).ExecuteAsync(settings, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Mtls_evidence_is_the_metrics_growth_across_the_matrix_traffic()
    {
        var report = await RunWithZtunnelAsync(probes => probes);

        var mtls = report.Results.Where(r => r.Check == MtlsConstants.CheckName).ToList();
        Assert.Equal(12, mtls.Count);
        Assert.All(mtls, r => Assert.Equal(Verdict.Pass, r.Verdict));
    }

    [Fact]
    public async Task Ztunnel_that_saw_none_of_the_matrix_traffic_fails_mtls_for_every_workload()
    {
        var report = await RunWithZtunnelAsync(_ => 7);

        var failed = report.Results.Where(r => r.Check == MtlsConstants.CheckName && r.Verdict == Verdict.Fail).ToList();
        Assert.Equal(6, failed.Count);
        Assert.All(failed, r => Assert.Contains("observed none at all: the probe traffic to it did not pass through ztunnel", r.Message));
        Assert.Equal(GateExitCode.Failed, GateExitCode.For(report, strict: false));
    }

    [Fact]
    public async Task Report_lists_the_mesh_checks_beside_the_audit_and_the_matrix()
    {
        var report = await RunWithZtunnelAsync(probes => probes);

        Assert.Equal(
            ["config-audit", "routing", "capture", "legacy-mtls-config", "behaviour-matrix", "mtls", "plaintext"],
            report.Results.Select(r => r.Check).Distinct());
        Assert.Equal(GateExitCode.Passed, GateExitCode.For(report, strict: false));
    }
}
