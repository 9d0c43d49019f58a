using AmbientVerify.Manifests;
using AmbientVerify.Probes.Checks.Mtls;
using AmbientVerify.Probes.Checks.Plaintext;
using AmbientVerify.Probes.Checks.Reachability;
using AmbientVerify.Probes.Checks.TwinRoutes;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Verdicts;
using k8s;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// <c>gate --target cluster</c>: the audit's phases on the live cluster (<see cref="ClusterAuditRun"/>), then traffic
/// through the real gateway. Every route once as a user calls it (<see cref="ReachabilityCheck"/>: never a fault
/// through a real service); the behaviour matrix on twin routes that copy each route's policy onto the harness's
/// FaultTarget (DESIGN §4: sweep leftovers, plan, apply, wait until the gateway serves them, run, delete); the mTLS
/// evidence in ztunnel's metrics around that traffic; plaintext refused. The twins are deleted whatever happens —
/// an error, a twin that never converges, Ctrl+C — and the report says what was removed.
/// </summary>
public sealed class ClusterProbeRun(HttpClient http, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>What to do when the real gateway cannot be reached.</summary>
    public const string ClusterGatewayRemedy =
        "pass the ingress gateway's address as --gateway (its LoadBalancer, or kubectl port-forward -n istio-ingress svc/<gateway> 8080:80)";

    /// <summary>What a plaintext attempt that reached no pod adds: pod IPs are routable only inside the cluster.</summary>
    public const string PodsUnreachableHint =
        "pod IPs are reachable only from inside the cluster: run the gate there as the Job in deploy/job.yaml for this check";

    private readonly ILogger _logger = loggers.CreateLogger<ClusterProbeRun>();

    /// <summary>The objects a run would create, as YAML (the secret redacted), or why there is no plan. Reads only.</summary>
    public async Task<(string? Yaml, string? Problem)> DryRunAsync(ClusterGateSettings settings, IKubernetes client, CancellationToken ct)
    {
        try
        {
            var view = await new ClusterAuditRun(time, loggers).PrepareAsync(settings.Audit, client, ct).ConfigureAwait(false);
            var plan = await Twins(client).PlanAsync(view.Manifests, view.Routing, view.Targets, settings.Twins, ct).ConfigureAwait(false);
            return (TwinRoutes.Render(plan), null);
        }
        catch (Exception e) when (e is ClusterAccessException or ManifestException or TwinException)
        {
            return (null, Words(e));
        }
    }

    /// <summary>The report of a run that could not start (a kubeconfig that cannot be used): exit 2 with <paramref name="problem"/>.</summary>
    public RunReport Refused(ClusterGateSettings settings, string problem) => Report(settings, time.GetUtcNow(), TimeSpan.Zero, [], null, problem);

    /// <summary>The run inside its span (<see cref="RunSpans"/>), between the run-started and run-finished log events.</summary>
    public async Task<RunReport> ExecuteAsync(ClusterGateSettings settings, IKubernetes client, CancellationToken ct)
    {
        using var run = RunSpans.Start(_logger, ClusterAuditRun.Target, settings.Audit.Expect.ToString().ToLowerInvariant(), settings.Gateway.ToString());
        return RunSpans.Finish(run, _logger, await RunAsync(settings, client, ct).ConfigureAwait(false));
    }

    private async Task<RunReport> RunAsync(ClusterGateSettings settings, IKubernetes client, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var results = new List<CheckResult>();
        ClusterView? view = null;
        RunReport Finish(string? problem = null) => Report(settings, started, time.GetElapsedTime(clock), results, view, problem);

        var invalid = settings.Audit.Expectations.Validate().Concat(settings.Runner.Validate()).Concat(settings.Twins.Problems()).ToList();
        if (invalid.Count > 0)
        {
            return Finish("invalid options: " + string.Join("; ", invalid));
        }

        try
        {
            var audit = new ClusterAuditRun(time, loggers);
            try
            {
                view = await audit.PrepareAsync(settings.Audit, client, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ClusterAccessException or ManifestException)
            {
                ProbeLog.ClusterReadRefused(_logger, e.Message);
                return Finish(Words(e));
            }

            if (await GatewayReachability.ProblemAsync(http, settings.Gateway, time, ClusterGatewayRemedy, ct).ConfigureAwait(false) is { } unreachable)
            {
                ProbeLog.GatewayUnreachable(_logger, unreachable);
                return Finish(unreachable);
            }

            results.AddRange(await audit.JudgeAsync(view, settings.Audit, ct).ConfigureAwait(false));
            return await TrafficAsync(view, client, settings, results, ct).ConfigureAwait(false) is { } problem ? Finish(problem) : Finish();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            ProbeLog.RunInterrupted(_logger);
            var removed = results.LastOrDefault(r => r.CaseId == TwinRouteResults.ObjectsRemovedCase.Id);
            return Finish("interrupted before the end" + (removed is null ? "" : $": {removed.Message}"));
        }
    }

    /// <summary>Sweep, plan, then the traffic with the twins deleted whatever happens; null, or what stopped the run.</summary>
    private async Task<string?> TrafficAsync(ClusterView view, IKubernetes client, ClusterGateSettings settings, List<CheckResult> results, CancellationToken ct)
    {
        var twins = Twins(client);
        try
        {
            results.Add(TwinRouteResults.Swept(await twins.SweepLeftoversAsync(settings.Twins.Namespace, ct).ConfigureAwait(false)));
        }
        catch (ClusterAccessException e)
        {
            results.Add(TwinRouteResults.SweepFailed(e.Message));
        }

        TwinPlan plan;
        try
        {
            plan = await twins.PlanAsync(view.Manifests, view.Routing, view.Targets, settings.Twins, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ClusterAccessException or TwinException)
        {
            return $"the twin routes could not be planned: {e.Message}";
        }

        results.AddRange(TwinRouteResults.Planned(plan, view.Targets));

        // The mTLS evidence is what this run's traffic leaves in ztunnel's counters: snapshot around all of it.
        var before = await MetricsSnapshot.TakeAsync(view.Inspector, ct).ConfigureAwait(false);
        try
        {
            var limiter = new RequestRateLimiter(settings.Runner.MaxRequestsPerSecond, view.Targets.Count, time);
            results.AddRange(await ReachabilityCheck.RunAsync(http, settings.Gateway, view.Targets, limiter,
                settings.Audit.Expectations.RequestTimeout + settings.Runner.ClientTimeoutMargin, time, ct).ConfigureAwait(false));
            results.AddRange(await RunMatrixOnTwinsAsync(twins, plan, view, settings, ct).ConfigureAwait(false));
        }
        finally
        {
            // Never on the run's token: after Ctrl+C it is cancelled, and the twins must still go.
            results.Add(TwinRouteResults.Removed(await twins.CleanupAsync(plan).ConfigureAwait(false), plan));
        }

        var after = await MetricsSnapshot.TakeAsync(view.Inspector, ct).ConfigureAwait(false);
        results.AddRange(MtlsCheck.Judge(view.Routed, before, after, new MtlsOptions
        {
            ExpectedSourcePrincipal = view.Gateway.Identity().ToString(),
            Expect = settings.Audit.Expect,
        }));

        // After the second snapshot: accepted plaintext attempts would otherwise count against the mTLS evidence.
        results.AddRange(await PlaintextCheck.RunAsync(view.Inspector, view.Routed, new PlaintextOptions { WhenUnreachable = PodsUnreachableHint }, time, ct).ConfigureAwait(false));
        return null;
    }

    /// <summary>Apply, wait until the gateway serves each twin, then the matrix on the ones it serves.</summary>
    private async Task<IReadOnlyList<CheckResult>> RunMatrixOnTwinsAsync(TwinRoutes twins, TwinPlan plan, ClusterView view, ClusterGateSettings settings, CancellationToken ct)
    {
        if (plan.Twins.Count == 0)
        {
            return [];
        }

        try
        {
            await twins.ApplyAsync(plan, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ClusterAccessException or TwinException)
        {
            return [TwinRouteResults.ApplyFailed(e.Message)];
        }

        var convergence = await twins.WaitForConvergenceAsync(settings.Gateway, plan, ct).ConfigureAwait(false);
        var served = TwinRouteResults.ServedTargets(plan, convergence);
        var runner = new MatrixRunner(http, time, loggers.CreateLogger<MatrixRunner>());
        var matrix = await runner.RunAsync(settings.Gateway, MatrixRoute.For(served, view.Expectations), settings.Runner, ct).ConfigureAwait(false);
        return [.. TwinRouteResults.Served(plan, convergence, view.Targets), .. matrix];
    }

    private static RunReport Report(ClusterGateSettings settings, DateTimeOffset started, TimeSpan duration, IReadOnlyList<CheckResult> results, ClusterView? view, string? problem = null) =>
        new(ClusterAuditRun.Target, settings.Audit.Expect.ToString().ToLowerInvariant(), settings.Gateway.ToString(), settings.Audit.Cluster.ToString(),
            started, duration, [.. results], problem)
        {
            Versions = view?.Versions,
            EmulatedGateway = view?.Gateway.Describe(),
            ExpectationsFile = settings.Audit.ExpectationsFile?.Path,
            Expectations = view?.Applied ?? [],
        };

    private TwinRoutes Twins(IKubernetes client) => new(client, http, time, loggers.CreateLogger<TwinRoutes>());

    private static string Words(Exception e) => e switch
    {
        ClusterAccessException => $"the cluster could not be read: {e.Message}",
        TwinException => $"the twin routes could not be planned: {e.Message}",
        _ => e.Message,
    };
}
