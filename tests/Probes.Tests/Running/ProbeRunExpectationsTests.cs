using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Model;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmbientVerify.Probes.Tests.Running;

/// <summary>
/// A chart whose route deliberately has a short timeout and no retries (reviews-route: timeouts.request 1600ms, no
/// retry; the short stand-in for "15s, no retries"), behind a gateway that applies exactly that. Judged by the plan it
/// fails; judged by an expectations file that states the route's intent it passes.
/// </summary>
public sealed class ProbeRunExpectationsTests : IDisposable
{
    private const string Route = "reviews-route";

    /// <summary>
    /// The plan, scaled down so nothing waits long: request 2s, 3 retries, per-try 600ms. The tolerance is wide because
    /// these runs are timed on the real clock beside the end-to-end suite (answers came up to ~0.25 s late in CI).
    /// </summary>
    private static readonly ExpectationOptions Plan = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(2),
        PerTryTimeout = TimeSpan.FromMilliseconds(600),
        Tolerance = TimeSpan.FromMilliseconds(700),
        StallMargin = TimeSpan.FromMilliseconds(800),
        StallAllMargin = TimeSpan.FromMilliseconds(900),
    };

    /// <summary>What Envoy does for reviews-route: a 1600ms request timeout, no retry policy (Istio programs none without retry).</summary>
    private static readonly RouterPolicy RoutePolicy = new(TimeSpan.FromMilliseconds(1600), null, 0, RetryOn.ConnectFailure | RetryOn.RefusedStream, [], RouterPolicy.DefaultBackoffBase);

    private readonly TempDirectory _directory = new("probes-expectations-");

    public ProbeRunExpectationsTests()
    {
        _directory.Write("manifests/mesh.yaml", string.Join("\n---\n",
            Meshes.Namespace(), Meshes.Gateway, Meshes.Service("reviews", requestTimeout: "1600ms"), Meshes.Service("ratings")));
    }

    public void Dispose() => _directory.Dispose();

    private static GatewayAnswer AsTheRouteSays(FaultInstruction fault)
    {
        var outcome = EnvoyRouterModel.Predict(RoutePolicy, fault.ToScript());
        return new GatewayAnswer(outcome.Status, outcome.Tries, outcome.ElapsedMin);
    }

    private async Task<RunReport> RunAsync(Uri gateway, string? expectations)
    {
        var file = expectations is null ? null : ExpectationsFileReader.Load(_directory.Write("expectations.yaml", expectations), Plan);
        var settings = new RunSettings(gateway, Path.Combine(_directory.Path, "manifests"), null, MeshMode.Ambient, "local", Plan,
            new RunnerOptions { MaxRequestsPerSecond = 100, TriesReadPause = TimeSpan.FromMilliseconds(20) })
        {
            ExpectationsFile = file,
        };
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        return await new ProbeRun(http, TimeProvider.System, NullLoggerFactory.Instance).ExecuteAsync(settings, TestContext.Current.CancellationToken);
    }

    private string FileLine(int line) => $"{Path.Combine(_directory.Path, "expectations.yaml")}:{line}";

    private static List<CheckResult> Matrix(RunReport report, string route) =>
        report.Results.Where(r => r.Check == BehaviourMatrix.CheckName && r.Subject == Subject.Route(route)).ToList();

    [Fact]
    public async Task Without_a_file_the_route_is_judged_by_the_plan_and_fails_with_the_plans_remedy()
    {
        await using var gateway = await FakeGateway.StartAsync(AsTheRouteSays);

        var report = await RunAsync(gateway.Address, expectations: null);

        var retried = Matrix(report, Route).Single(r => r.CaseId == "status-500-retried-until-success");
        Assert.Equal(Verdict.Fail, retried.Verdict);
        Assert.Contains("got status 500 after 1 try", retried.Message);
        Assert.Contains("Remedy: add spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}", retried.Message);
        Assert.Equal(RouteExpectations.PlanDefault, report.Expectations.Single(a => a.Route == Subject.Route(Route)).Expectations.Source);
    }

    [Fact]
    public async Task An_expectations_file_stating_the_routes_intent_turns_its_matrix_into_passes()
    {
        await using var gateway = await FakeGateway.StartAsync(AsTheRouteSays);

        var report = await RunAsync(gateway.Address, $"routes:\n  - match: {{name: {Route}}}\n    timeout: 1600ms\n    retries: 0\n");

        var matrix = Matrix(report, Route);
        Assert.Equal(BehaviourMatrix.Build(Plan).Select(c => c.Id), matrix.Select(r => r.CaseId));
        Assert.All(matrix, r => Assert.True(r.Verdict == Verdict.Pass, $"{r.CaseId}: {r.Message}"));
        var applied = report.Expectations.Single(a => a.Route == Subject.Route(Route)).Expectations;
        Assert.Equal((FileLine(2), TimeSpan.FromMilliseconds(1600), 0), (applied.Source, applied.Options.RequestTimeout, applied.Options.Retries));
    }

    [Fact]
    public async Task A_route_the_file_skips_gets_one_gap_naming_the_entry_and_no_probe()
    {
        await using var gateway = await FakeGateway.StartAsync(AsTheRouteSays);

        var report = await RunAsync(gateway.Address, "routes:\n  - match: {name: ratings-route}\n    expect: none\n");

        var skipped = Assert.Single(Matrix(report, "ratings-route"));
        Assert.Equal(("matrix-skipped", Verdict.Gap), (skipped.CaseId, skipped.Verdict));
        Assert.Contains($"expect: none for this route ({FileLine(2)})", skipped.Message);
        Assert.DoesNotContain(gateway.Probes, p => p.Path.StartsWith("/api/ratings", StringComparison.Ordinal));
        Assert.NotEmpty(Matrix(report, Route));
    }

    [Fact]
    public async Task An_entry_that_matches_no_route_stops_the_run_before_any_probe_with_exit_2()
    {
        await using var gateway = await FakeGateway.StartAsync(AsTheRouteSays);

        var report = await RunAsync(gateway.Address, "routes:\n  - match: {name: reviws}\n    timeout: 1600ms\n");

        Assert.StartsWith($"{FileLine(2)}: expectations: routes[0].match {{name reviws}} matches no route of the gateway", report.Problem);
        Assert.Contains("reviews-route (HTTPRoute ecommerce/reviews-route, host *, path /api/reviews)", report.Problem);
        Assert.Empty(gateway.Probes);
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
    }
}
