using AmbientVerify.TestSupport;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Model;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmbientVerify.Probes.Tests.Running;

/// <summary>The runner against a real loopback gateway, with tiny timeouts so nothing waits long.</summary>
public class MatrixRunnerTests
{
    private static readonly ExpectationOptions Tiny = Matrix.Tiny;

    private static readonly RunnerOptions Fast = new() { MaxRequestsPerSecond = 100, TriesReadPause = TimeSpan.FromMilliseconds(20) };

    private static readonly IReadOnlyList<ProbeCase> Cases = BehaviourMatrix.Build(Tiny);

    /// <summary>A gateway that applies the expected policy, as the router model says.</summary>
    private static GatewayAnswer Honest(FaultInstruction fault)
    {
        var outcome = EnvoyRouterModel.Predict(Tiny.ToPolicy(), fault.ToScript());
        return new GatewayAnswer(outcome.Status, outcome.Tries, outcome.ElapsedMin);
    }

    /// <summary>A gateway that never retries: one try, whatever it gave, with the request timeout still applied.</summary>
    private static GatewayAnswer NeverRetries(FaultInstruction fault) => fault.ToScript().OnTry(1) switch
    {
        TryBehaviour.Answer a => new GatewayAnswer(a.StatusCode, 1, TimeSpan.Zero),
        TryBehaviour.Delayed d when d.Delay >= Tiny.RequestTimeout => new GatewayAnswer(504, 1, Tiny.RequestTimeout),
        TryBehaviour.Delayed d => new GatewayAnswer(d.StatusCode, 1, d.Delay),
        _ => new GatewayAnswer(503, 1, TimeSpan.Zero),
    };

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(
        Uri gateway, GatewayRoute route, IReadOnlyList<ProbeCase>? cases = null, RunnerOptions? options = null)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var runner = new MatrixRunner(http, TimeProvider.System, NullLogger<MatrixRunner>.Instance);
        var target = ProbeTargets.For(Routes.Routing(route), route);
        return await runner.RunAsync(gateway, [target], cases ?? Cases, Tiny, options ?? Fast, TestContext.Current.CancellationToken);
    }

    private static CheckResult Result(IReadOnlyList<CheckResult> results, string caseId) => results.Single(r => r.CaseId == caseId);

    [Fact]
    public async Task Gateway_applying_the_expected_policy_passes_every_case()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest);

        var results = await RunAsync(gateway.Address, Routes.Legacy());

        Assert.All(results, r => Assert.True(r.Verdict == Verdict.Pass, $"{r.Case}: {r.Message}"));
    }

    [Fact]
    public async Task Copies_a_mirror_sends_to_another_service_are_not_counted_as_tries()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest, mirroredTries: 4, servedBy: "ecommerce/customer-service");
        // The cases without a delay (status and tries only): timing is another test's subject, and a loaded machine
        // must not fail this one.
        var triesCases = Cases.Where(c => c.Fault.Delay is null).ToList();

        var results = await RunAsync(gateway.Address, Routes.Legacy(), triesCases);

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.Verdict == Verdict.Pass, $"{r.Case}: {r.Message}"));
    }

    [Fact]
    public async Task Tries_served_by_a_service_that_is_not_the_route_backend_do_not_count_for_it()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest, servedBy: "ecommerce/customer-service");

        var results = await RunAsync(gateway.Address, Routes.Legacy() with
        {
            Backends = [new AmbientVerify.Manifests.Routing.RouteBackend(Routes.Destination("order-service"), AmbientVerify.Manifests.Routing.BackendState.Resolved)],
        });

        Assert.All(results, r => Assert.Equal(Verdict.Error, r.Verdict));
        Assert.All(results, r => Assert.Contains("the fault backend saw no try", r.Message));
    }

    [Fact]
    public async Task Results_come_back_in_case_order_whatever_order_they_ran_in()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest);

        var results = await RunAsync(gateway.Address, Routes.Legacy());

        Assert.Equal(Cases.Select(c => c.Id), results.Select(r => r.CaseId));
    }

    [Fact]
    public async Task Gateway_that_never_retries_fails_the_status_retry_with_the_annotation_remedy()
    {
        await using var gateway = await FakeGateway.StartAsync(NeverRetries);

        var result = Result(await RunAsync(gateway.Address, Routes.AsPlanned()), "status-500-retried-until-success");

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("got status 500 after 1 try", result.Message);
        Assert.Contains("annotation retry.istio.io/attempts is not read by Istio", result.Message);
    }

    [Fact]
    public async Task Gateway_that_never_retries_leaves_the_reset_case_a_gap_on_an_HTTPRoute()
    {
        await using var gateway = await FakeGateway.StartAsync(NeverRetries);

        var result = Result(await RunAsync(gateway.Address, Routes.CorrectedAmbient()), "reset-retried");

        Assert.Equal(Verdict.Gap, result.Verdict);
    }

    [Fact]
    public async Task Gateway_that_never_retries_still_passes_the_request_timeout()
    {
        await using var gateway = await FakeGateway.StartAsync(NeverRetries);

        var result = Result(await RunAsync(gateway.Address, Routes.AsPlanned()), "stalled-request-ends-at-request-timeout");

        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public async Task Route_whose_backend_counts_no_tries_is_an_error()
    {
        await using var gateway = await FakeGateway.StartAsync(_ => new GatewayAnswer(200, 0, TimeSpan.Zero));

        var result = Result(await RunAsync(gateway.Address, Routes.Legacy()), "route-answers");

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Contains("saw no try", result.Message);
    }

    [Fact]
    public async Task Unreadable_tries_endpoint_is_an_error()
    {
        // A path the tries endpoint of this gateway does not serve: answer 404 to everything.
        await using var gateway = await FakeGateway.StartAsync(_ => null);

        var result = Result(await RunAsync(gateway.Address, Routes.Legacy(), options: new RunnerOptions { MaxRequestsPerSecond = 100, TriesReadPause = TimeSpan.Zero }),
            "route-answers");

        Assert.Equal(Verdict.Error, result.Verdict);
    }

    [Fact]
    public async Task Unreachable_gateway_makes_every_case_an_error()
    {
        var results = await RunAsync(LoopbackPorts.ClosedUrl(), Routes.Legacy());

        Assert.All(results, r => Assert.Equal(Verdict.Error, r.Verdict));
    }

    [Fact]
    public async Task Probe_goes_to_the_route_prefix_with_the_fault_query_and_its_hostname()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest);
        var route = Routes.HttpRoute(retry: new AmbientVerify.Manifests.Model.HttpRouteRetry(3, Routes.PlanCodes, null), hostnames: ["api.example.com"]);

        await RunAsync(gateway.Address, route, [Matrix.Case("status-503-retried-until-success", Tiny)]);

        var (path, query, host) = Assert.Single(gateway.Probes, p => p.Query.Contains("uuid=", StringComparison.Ordinal));
        Assert.Equal(("/api/customers", "api.example.com"), (path, host));
        Assert.Contains("responseCode=503&succeedAfter=3", query);
    }

    [Fact]
    public async Task Long_cases_start_first()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest);
        var quickThenLong = new[] { Matrix.Case("route-answers", Tiny), Matrix.Case("stalled-request-ends-at-request-timeout", Tiny) };

        await RunAsync(gateway.Address, Routes.Legacy(), quickThenLong, new RunnerOptions { Concurrency = 1, MaxRequestsPerSecond = 100 });

        Assert.Contains("delay=", gateway.Probes.First(p => p.Query.Contains("uuid=", StringComparison.Ordinal)).Query);
    }

    [Fact]
    public async Task Cases_with_the_same_fault_share_one_request_and_are_each_judged_on_it()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest);
        var stalled = new[] { Matrix.Case("stalled-request-ends-at-request-timeout", Tiny), Matrix.Case("stalled-request-retried-before-timeout", Tiny) };

        var results = await RunAsync(gateway.Address, Routes.Legacy(), stalled);

        Assert.Single(gateway.Probes, p => p.Query.Contains("uuid=", StringComparison.Ordinal));
        Assert.Equal([Verdict.Pass, Verdict.Pass], results.Select(r => r.Verdict));
        Assert.Equal(["stalled-request-ends-at-request-timeout", "stalled-request-retried-before-timeout"], results.Select(r => r.CaseId));
    }

    [Fact]
    public async Task A_shared_request_that_the_gateway_gets_wrong_fails_each_case_on_its_own_question()
    {
        // One try, cut at the request timeout: the timeout case passes, the tries case fails.
        await using var gateway = await FakeGateway.StartAsync(NeverRetries);
        var stalled = new[] { Matrix.Case("stalled-request-ends-at-request-timeout", Tiny), Matrix.Case("stalled-request-retried-before-timeout", Tiny) };

        var results = await RunAsync(gateway.Address, Routes.Legacy(), stalled);

        Assert.Equal(Verdict.Pass, Result(results, "stalled-request-ends-at-request-timeout").Verdict);
        var tries = Result(results, "stalled-request-retried-before-timeout");
        Assert.NotEqual(Verdict.Pass, tries.Verdict);
        Assert.Contains("tries", tries.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cases_with_different_faults_never_share_a_request()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest);

        await RunAsync(gateway.Address, Routes.Legacy());

        var distinctFaults = Cases.Select(c => c.Fault).Distinct().Count();
        Assert.True(distinctFaults < Cases.Count, "the matrix has cases that share a fault");
        Assert.Equal(distinctFaults, gateway.Probes.Count(p => p.Query.Contains("uuid=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_route_is_warmed_up_untimed_before_the_first_case()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest);

        await RunAsync(gateway.Address, Routes.Legacy(), [Matrix.Case("stalled-request-ends-at-request-timeout", Tiny)],
            new RunnerOptions { Concurrency = 1, MaxRequestsPerSecond = 100 });

        var first = gateway.Probes.First();
        Assert.Equal(("/api/customers", false), (first.Path, first.Query.Contains("uuid=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cases_beyond_the_request_cap_are_errors_and_are_not_sent()
    {
        await using var gateway = await FakeGateway.StartAsync(Honest);

        var results = await RunAsync(gateway.Address, Routes.Legacy(), options: new RunnerOptions { MaxRequestsPerSecond = 100, MaxRequestsPerRun = 4 });

        Assert.Contains(results, r => r.Verdict == Verdict.Error && r.Message.Contains("request cap"));
        Assert.True(gateway.Probes.Count <= 4);
    }
}
