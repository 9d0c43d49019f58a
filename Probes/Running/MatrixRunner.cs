using System.Diagnostics;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Verdicts;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// Runs every case on every route through the gateway, in parallel with bounded concurrency, long cases first so the
/// run lasts about as long as its longest case, and never faster than the rate limit allows.
/// </summary>
public sealed class MatrixRunner(HttpClient http, TimeProvider time, ILogger<MatrixRunner> logger)
{
    /// <summary>Results in route order, then case order (whatever order they ran in).</summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(
        Uri gateway,
        IReadOnlyList<ProbeTarget> targets,
        IReadOnlyList<ProbeCase> cases,
        ExpectationOptions expected,
        RunnerOptions options,
        CancellationToken cancellationToken)
    {
        options.ThrowIfInvalid();
        var limiter = new RequestRateLimiter(options.MaxRequestsPerSecond, options.MaxRequestsPerRun, time);
        var probe = new CaseProbe(http, limiter, new TriesReader(http, limiter, time, options), time);
        var clientTimeout = expected.RequestTimeout + options.ClientTimeoutMargin;

        var work = targets
            .SelectMany((target, r) => cases.Select((probeCase, c) => (Index: r * cases.Count + c, Target: target, Case: probeCase)))
            .OrderByDescending(w => w.Case.Model.ElapsedMax)
            .ToList();
        var routes = targets.Select(t => t.Route).ToList();
        var labels = RouteLabels(routes);
        var results = new CheckResult[work.Count];
        var done = 0;
        logger.LogInformation("Probing {Cases} cases on {Routes} routes through {Gateway} ({Concurrency} at once, at most {Rps} requests/s)",
            work.Count, routes.Count, gateway, options.Concurrency, Math.Min(options.MaxRequestsPerSecond, RunnerOptions.HardMaximumRequestsPerSecond));

        // The longest cases start first and are the ones timed most strictly: warm every route before them.
        await Task.WhenAll(targets.Select(target => probe.WarmUpAsync(gateway, target, cancellationToken))).ConfigureAwait(false);

        // Parallel.ForEachAsync takes items in list order, so the longest cases start first.
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                using var activity = ProbeTelemetry.Source.StartActivity($"probe {item.Case.Id}");
                activity?.SetTag("check", BehaviourMatrix.CheckName);
                activity?.SetTag("case", item.Case.Id);
                activity?.SetTag("case.sentence", item.Case.Name);
                activity?.SetTag("capability", item.Case.Needs.Id());
                activity?.SetTag("route", labels[item.Target.Route]);

                var outcome = await probe.RunAsync(gateway, item.Target, item.Case, clientTimeout, token).ConfigureAwait(false);
                var result = CaseJudge.Judge(item.Target.Route, item.Case, outcome, expected, labels[item.Target.Route]);
                results[item.Index] = result;

                activity?.SetTag("verdict", result.Verdict.ToString().ToLowerInvariant());
                if (result.Verdict is Verdict.Fail or Verdict.Error)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, result.Message);
                }

                var finished = Interlocked.Increment(ref done);
                logger.LogInformation("[{Done}/{Total}] {Route}: {Case} -> {Verdict}", finished, work.Count, item.Target.Route.Name, item.Case.Name, result.Verdict);
            }).ConfigureAwait(false);

        return results;
    }

    /// <summary>The route's name (already unique per gateway), with its path should two routes still share one.</summary>
    public static IReadOnlyDictionary<GatewayRoute, string> RouteLabels(IReadOnlyList<GatewayRoute> routes)
    {
        var shared = routes.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        IEqualityComparer<GatewayRoute> byReference = ReferenceEqualityComparer.Instance;
        return routes.Distinct(byReference).ToDictionary(r => r, r => shared.Contains(r.Name) ? $"{r.Name} {r.Path.Value}" : r.Name, byReference);
    }
}
