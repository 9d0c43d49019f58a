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
/// run lasts about as long as its longest case, and never faster than the rate limit allows. Cases that give the
/// backend the same fault instruction on the same route send one request and are judged on that one observation
/// (the stalled request's timeout and its tries are two questions about the same 30 s request).
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
            .SelectMany((target, r) => cases
                .Select((probeCase, c) => (Index: r * cases.Count + c, Case: probeCase))
                .GroupBy(item => item.Case.Fault)
                .Select(sameFault => new SharedProbe(target, [.. sameFault])))
            .OrderByDescending(w => w.Cases.Max(c => c.Case.Model.ElapsedMax))
            .ToList();
        var routes = targets.Select(t => t.Route).ToList();
        var labels = RouteLabels(routes);
        var total = targets.Count * cases.Count;
        var results = new CheckResult[total];
        var done = 0;
        logger.LogInformation("Probing {Cases} cases with {Requests} case requests on {Routes} routes through {Gateway} ({Concurrency} at once, at most {Rps} requests/s)",
            total, work.Count, routes.Count, gateway, options.Concurrency, Math.Min(options.MaxRequestsPerSecond, RunnerOptions.HardMaximumRequestsPerSecond));

        // The longest cases start first and are the ones timed most strictly: warm every route before them.
        await Task.WhenAll(targets.Select(target => probe.WarmUpAsync(gateway, target, cancellationToken))).ConfigureAwait(false);

        // Parallel.ForEachAsync takes items in list order, so the longest cases start first.
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var label = labels[item.Target.Route];
                var probeCases = item.Cases.Select(c => c.Case).ToList();
                using var activity = ProbeTelemetry.Source.StartActivity($"probe {string.Join(" + ", probeCases.Select(c => c.Id))}");
                activity?.SetTag("check", BehaviourMatrix.CheckName);
                activity?.SetTag("case", string.Join(",", probeCases.Select(c => c.Id)));
                activity?.SetTag("case.sentence", string.Join(" / ", probeCases.Select(c => c.Name)));
                var capabilities = probeCases.Select(c => c.Needs.Id()).OfType<string>().Distinct().ToList();
                activity?.SetTag("capability", capabilities.Count == 0 ? null : string.Join(",", capabilities));
                activity?.SetTag("route", label);

                var outcome = await probe.RunAsync(gateway, item.Target, probeCases[0], clientTimeout, token).ConfigureAwait(false);
                foreach (var (index, probeCase) in item.Cases)
                {
                    var result = CaseJudge.Judge(item.Target.Route, probeCase, outcome, expected, label);
                    results[index] = result;
                    if (result.Verdict is Verdict.Fail or Verdict.Error)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, result.Message);
                    }

                    var finished = Interlocked.Increment(ref done);
                    logger.LogInformation("[{Done}/{Total}] {Route}: {Case} -> {Verdict}", finished, total, item.Target.Route.Name, probeCase.Name, result.Verdict);
                }

                activity?.SetTag("verdict", item.Cases.Select(c => results[c.Index].Verdict).MaxBy(Severity).ToString().ToLowerInvariant());
            }).ConfigureAwait(false);

        return results;
    }

    /// <summary>Which verdict a span of several cases shows: the one that needs looking at first.</summary>
    private static int Severity(Verdict verdict) => verdict switch
    {
        Verdict.Error => 3,
        Verdict.Fail => 2,
        Verdict.Gap => 1,
        _ => 0,
    };

    /// <summary>One request on one route, and the cases (with their places in the results) judged on its answer.</summary>
    private sealed record SharedProbe(ProbeTarget Target, IReadOnlyList<(int Index, ProbeCase Case)> Cases);

    /// <summary>The route's name (already unique per gateway), with its path should two routes still share one.</summary>
    public static IReadOnlyDictionary<GatewayRoute, string> RouteLabels(IReadOnlyList<GatewayRoute> routes)
    {
        var shared = routes.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        IEqualityComparer<GatewayRoute> byReference = ReferenceEqualityComparer.Instance;
        return routes.Distinct(byReference).ToDictionary(r => r, r => shared.Contains(r.Name) ? $"{r.Name} {r.Path.Value}" : r.Name, byReference);
    }
}
