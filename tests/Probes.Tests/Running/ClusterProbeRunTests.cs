using System.Text.Json.Nodes;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Checks.TwinRoutes;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Tests.Cluster.Twins;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmbientVerify.Probes.Tests.Running;

/// <summary>
/// The composition of <c>gate --target cluster</c> on the seeded ambient sample and a stand-in gateway, on fake time:
/// where it stops before any write, the twin lifecycle as verdicts, what is removed on every way out (a twin never
/// served, Ctrl+C), the sweep of a killed run, the dry run, and that its requests stay inside deploy/rbac.yaml.
/// The matrix's own verdicts on served twins are the end-to-end test's (AppHost.Tests), against the real local gateway.
/// </summary>
public sealed class ClusterProbeRunTests
{
    // Small next to the run's own timeouts (10 s per convergence attempt, 30 s clean-up): loopback I/O takes real time.
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private static ClusterGateSettings Settings(TwinScene scene, Uri gateway) => new(
        new ClusterAuditSettings(new ClusterTarget(null, null, TwinScene.Namespace), MeshMode.Ambient, null, new ExpectationOptions()),
        gateway,
        scene.Options with { ConvergenceDeadline = TimeSpan.FromSeconds(2) },
        new RunnerOptions { MaxRequestsPerSecond = 100 });

    private static ClusterProbeRun Run(TwinScene scene) => new(scene.Http, scene.Time, NullLoggerFactory.Instance);

    private static IReadOnlyList<CheckResult> Twins(RunReport report, string caseId) =>
        [.. report.Results.Where(r => r.Check == TwinRouteResults.CheckName && r.CaseId == caseId)];

    private static IReadOnlyList<string> Writes(FakeApiServer api) =>
        [.. api.Requests.Where(r => r.Verb is not ("get" or "list" or "watch")).Select(r => r.ToString())];

    /// <summary>
    /// Every pod's address refuses connections, as pod IPs do from outside the cluster. Not the seeded 10.244.x.y: the
    /// sandbox these tests run in may answer any outbound address itself.
    /// </summary>
    private static void PodsUnreachable(FakeApiServer api)
    {
        var closed = LoopbackPorts.ClosedUrl().Port;
        foreach (var pod in api.Objects("", "pods", TwinScene.Namespace))
        {
            api.Update("", "pods", TwinScene.Namespace, pod["metadata"]!["name"]!.GetValue<string>(), p =>
            {
                p["status"]!["podIP"] = "127.0.0.1";
                foreach (var container in p["spec"]!["containers"]!.AsArray())
                {
                    foreach (var port in container!["ports"]?.AsArray() ?? [])
                    {
                        port!["containerPort"] = closed;
                    }
                }
            });
        }
    }

    [Fact]
    public async Task An_unreachable_gateway_stops_the_run_before_any_write_and_says_how_to_reach_it()
    {
        await using var scene = await TwinScene.StartSeededAsync();

        var report = await scene.OnFakeTimeAsync(Run(scene).ExecuteAsync(Settings(scene, LoopbackPorts.ClosedUrl()), scene.Client, TwinScene.Ct), Step);

        Assert.Contains(ClusterProbeRun.ClusterGatewayRemedy, report.Problem);
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
        Assert.Empty(Writes(scene.Api));
        Assert.Empty(scene.HarnessObjects());
    }

    [Fact]
    public async Task Twins_the_gateway_never_serves_are_errors_naming_each_route_and_everything_created_is_removed()
    {
        await using var scene = await TwinScene.StartSeededAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        PodsUnreachable(scene.Api);
        await using var gateway = await StandInGateway.StartAsync();
        gateway.ServesRoutes = true;
        gateway.NotYet = int.MaxValue;

        var report = await scene.OnFakeTimeAsync(Run(scene).ExecuteAsync(Settings(scene, gateway.Url), scene.Client, TwinScene.Ct), Step);

        var served = Twins(report, TwinRouteResults.TwinServedCase.Id);
        Assert.Equal(scene.Targets.Count(t => t.Request is not null), served.Count);
        Assert.All(served, r => Assert.Equal(Verdict.Error, r.Verdict));
        Assert.All(served, r => Assert.Contains("was not served by the gateway within 2s", r.Message));
        Assert.Contains(served, r => r.Subject.ToString().Contains("customer-service-route", StringComparison.Ordinal));
        var removed = Assert.Single(Twins(report, TwinRouteResults.ObjectsRemovedCase.Id));
        Assert.Equal(Verdict.Pass, removed.Verdict);
        Assert.StartsWith("removed ", removed.Message, StringComparison.Ordinal);
        Assert.Equal(Verdict.Pass, Assert.Single(Twins(report, TwinRouteResults.LeftoversSweptCase.Id)).Verdict);
        var reachable = report.Results.Where(r => r.Check == "route-reachable").ToList();
        Assert.NotEmpty(reachable);
        Assert.All(reachable, r => Assert.Equal(Verdict.Pass, r.Verdict));
        Assert.Null(report.Problem);
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
        Assert.Empty(scene.HarnessObjects());
        // No pod answers at its address (PodsUnreachable), as a real cluster's pods do not for a pipeline runner outside it.
        var plaintext = report.Results.Where(r => r.Check == "plaintext").ToList();
        Assert.NotEmpty(plaintext);
        Assert.All(plaintext, r => Assert.Equal(Verdict.Error, r.Verdict));
        Assert.All(plaintext, r => Assert.EndsWith(ClusterProbeRun.PodsUnreachableHint, r.Message, StringComparison.Ordinal));
        RbacPolicy.Deployed().AssertAllowed(scene.Api.Requests);
    }

    [Fact]
    public async Task A_route_answered_by_the_gateway_itself_fails_reachability()
    {
        await using var scene = await TwinScene.StartSeededAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        await using var gateway = await StandInGateway.StartAsync();
        gateway.NotYet = int.MaxValue; // and ServesRoutes false: every real route answers 404 without Envoy's upstream header

        var report = await scene.OnFakeTimeAsync(Run(scene).ExecuteAsync(Settings(scene, gateway.Url), scene.Client, TwinScene.Ct), Step);

        var reachable = report.Results.Where(r => r.Check == "route-reachable").ToList();
        Assert.NotEmpty(reachable);
        Assert.All(reachable, r => Assert.Equal(Verdict.Fail, r.Verdict));
        Assert.All(reachable, r => Assert.Contains("was answered 404 by the gateway itself", r.Message));
    }

    [Fact]
    public async Task Ctrl_C_while_waiting_for_the_gateway_removes_the_twins_and_reports_the_interruption()
    {
        await using var scene = await TwinScene.StartSeededAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        await using var gateway = await StandInGateway.StartAsync();
        gateway.ServesRoutes = true;
        gateway.NotYet = int.MaxValue;
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(TwinScene.Ct);
        scene.Api.Changed += (type, item) =>
        {
            if (type == "ADDED" && item["kind"]?.GetValue<string>() == "HTTPRoute")
            {
                ctrlC.Cancel();
            }
        };
        var settings = Settings(scene, gateway.Url) with { Twins = scene.Options with { ConvergenceDeadline = TimeSpan.FromHours(1) } };

        var report = await scene.OnFakeTimeAsync(Run(scene).ExecuteAsync(settings, scene.Client, ctrlC.Token), Step);

        Assert.StartsWith("interrupted before the end: removed ", report.Problem, StringComparison.Ordinal);
        Assert.Equal(Verdict.Pass, Assert.Single(Twins(report, TwinRouteResults.ObjectsRemovedCase.Id)).Verdict);
        Assert.Empty(scene.HarnessObjects());
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
    }

    [Fact]
    public async Task The_objects_of_a_killed_run_are_swept_first_and_named_in_the_report()
    {
        await using var scene = await TwinScene.StartSeededAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        var killed = await scene.PlanAsync(scene.Options with { RunId = "killed1", MaxRunTime = TimeSpan.FromMinutes(5) });
        foreach (var item in killed.Objects)
        {
            scene.Api.Add((JsonObject)item.DeepClone());
        }

        scene.Time.Advance(TimeSpan.FromMinutes(10));
        await using var gateway = await StandInGateway.StartAsync();
        gateway.ServesRoutes = true;
        gateway.NotYet = int.MaxValue;

        var report = await scene.OnFakeTimeAsync(Run(scene).ExecuteAsync(Settings(scene, gateway.Url), scene.Client, TwinScene.Ct), Step);

        var swept = Assert.Single(Twins(report, TwinRouteResults.LeftoversSweptCase.Id));
        Assert.Equal(Verdict.Pass, swept.Verdict);
        Assert.StartsWith($"removed {killed.Objects.Count} expired leftover(s): ", swept.Message, StringComparison.Ordinal);
        Assert.Contains("av-killed1-", swept.Message);
        Assert.Empty(scene.HarnessObjects());
    }

    [Fact]
    public async Task A_cluster_that_refuses_the_read_stops_the_run_before_any_traffic_or_write()
    {
        await using var scene = await TwinScene.StartSeededAsync();
        scene.Api.Forbid("list", "", "pods");
        await using var gateway = await StandInGateway.StartAsync();

        var report = await scene.OnFakeTimeAsync(Run(scene).ExecuteAsync(Settings(scene, gateway.Url), scene.Client, TwinScene.Ct), Step);

        Assert.StartsWith("the cluster could not be read: ", report.Problem, StringComparison.Ordinal);
        Assert.Contains("pods", report.Problem);
        Assert.Empty(gateway.Requests);
        Assert.Empty(Writes(scene.Api));
    }

    [Fact]
    public async Task The_dry_run_renders_every_twin_with_the_secret_redacted_and_writes_nothing()
    {
        await using var scene = await TwinScene.StartSeededAsync();

        var (yaml, problem) = await scene.OnFakeTimeAsync(Run(scene).DryRunAsync(Settings(scene, new Uri("http://127.0.0.1:1")), scene.Client, TwinScene.Ct), Step);

        Assert.Null(problem);
        Assert.Contains("kind: Deployment", yaml);
        Assert.Contains("kind: HTTPRoute", yaml);
        Assert.Contains("/__ambientverify/customer-service", yaml);
        Assert.Contains("<secret>", yaml);
        Assert.Empty(Writes(scene.Api));
    }

    [Fact]
    public void The_process_waits_longer_after_Ctrl_C_than_the_clean_up_may_take()
    {
        var defaults = new TwinOptions { Namespace = TwinScene.Namespace };

        Assert.True(ProbesCommandLine.TerminationGrace > defaults.CleanupDeadline + TimeSpan.FromSeconds(10),
            $"System.CommandLine ends the process {ProbesCommandLine.TerminationGrace} after Ctrl+C; the clean-up may take {defaults.CleanupDeadline}");
    }
}
