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
    /// <summary>Every route judged by the same expectations and cases (no expectations file).</summary>
    public Task<IReadOnlyList<CheckResult>> RunAsync(
        Uri gateway,
        IReadOnlyList<ProbeTarget> targets,
        IReadOnlyList<ProbeCase> cases,
        ExpectationOptions expected,
        RunnerOptions options,
        CancellationToken cancellationToken) =>
        RunAsync(gateway, targets.Select(t => new MatrixRoute(t, RouteExpectations.Plan(expected), cases)).ToList(), options, cancellationToken);

    /// <summary>Results in route order, then case order (whatever order they ran in); a skipped route has one result in its place.</summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(
        Uri gateway,
        IReadOnlyList<MatrixRoute> routes,
        RunnerOptions options,
        CancellationToken cancellationToken)
    {
        options.ThrowIfInvalid();
        var limiter = new RequestRateLimiter(options.MaxRequestsPerSecond, options.MaxRequestsPerRun, time);
        var probe = new CaseProbe(http, limiter, new TriesReader(http, limiter, time, options), time);

        var labels = RouteLabels(routes.Select(r => r.Target.Route).ToList());
        var offsets = new int[routes.Count];
        for (var r = 1; r < routes.Count; r++)
        {
            offsets[r] = offsets[r - 1] + ResultCount(routes[r - 1]);
        }

        var total = routes.Count == 0 ? 0 : offsets[^1] + ResultCount(routes[^1]);
        var results = new CheckResult[total];
        var probed = new List<MatrixRoute>();
        for (var r = 0; r < routes.Count; r++)
        {
            if (routes[r].Expectations.SkipMatrix)
            {
                results[offsets[r]] = SkippedRoute.Result(labels[routes[r].Target.Route], routes[r].Expectations);
            }
            else
            {
                probed.Add(routes[r]);
            }
        }

        var work = routes
            .SelectMany((route, r) => route.Expectations.SkipMatrix ? [] : route.Cases
                .Select((probeCase, c) => (Index: offsets[r] + c, Case: probeCase))
                .GroupBy(item => item.Case.Fault)
                .Select(sameFault => new SharedProbe(route, [.. sameFault])))
            .OrderByDescending(w => w.Cases.Max(c => c.Case.Model.ElapsedMax))
            .ToList();
        var done = 0;
        ProbeLog.MatrixStarted(logger,
            work.Sum(w => w.Cases.Count), work.Count, probed.Count, gateway, options.Concurrency, Math.Min(options.MaxRequestsPerSecond, RunnerOptions.HardMaximumRequestsPerSecond));

        // The longest cases start first and are the ones timed most strictly: warm every route before them.
        await Task.WhenAll(probed.Select(route => probe.WarmUpAsync(gateway, route.Target, cancellationToken))).ConfigureAwait(false);

        // Parallel.ForEachAsync takes items in list order, so the longest cases start first.
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var target = item.Route.Target;
                var expected = item.Route.Expectations.Options;
                var label = labels[target.Route];
                var probeCases = item.Cases.Select(c => c.Case).ToList();
                using var activity = ProbeTelemetry.Source.StartActivity($"probe {string.Join(" + ", probeCases.Select(c => c.Id))}");
                activity?.SetTag("check", BehaviourMatrix.CheckName);
                activity?.SetTag("case", string.Join(",", probeCases.Select(c => c.Id)));
                activity?.SetTag(SpanAttributes.Check, BehaviourMatrix.CheckName);
                activity?.SetTag(SpanAttributes.Case, string.Join(",", probeCases.Select(c => c.Id)));
                activity?.SetTag(SpanAttributes.Subject, label);
                activity?.SetTag("case.sentence", string.Join(" / ", probeCases.Select(c => c.Name)));
                var capabilities = probeCases.Select(c => c.Needs.Id()).OfType<string>().Distinct().ToList();
                activity?.SetTag("capability", capabilities.Count == 0 ? null : string.Join(",", capabilities));
                activity?.SetTag("route", label);
                activity?.SetTag("expectations.source", item.Route.Expectations.Source);

                // The client gives up only after the route's own request timeout (plus a margin) could have fired.
                var clientTimeout = expected.RequestTimeout + options.ClientTimeoutMargin;
                var outcome = await probe.RunAsync(gateway, target, probeCases[0], clientTimeout, token).ConfigureAwait(false);
                foreach (var (index, probeCase) in item.Cases)
                {
                    var result = CaseJudge.Judge(target.Route, probeCase, outcome, expected, label);
                    results[index] = result;
                    activity?.AddEvent(RunSpans.CaseEvent(result));
                    if (result.Verdict is Verdict.Fail or Verdict.Error)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, result.Message);
                    }

                    var finished = Interlocked.Increment(ref done);
                    if (result.Verdict is Verdict.Fail or Verdict.Error)
                    {
                        ProbeLog.CaseFailed(logger, finished, total, target.Route.Name, probeCase.Name, result.Verdict);
                    }
                    else
                    {
                        ProbeLog.CaseJudged(logger, finished, total, target.Route.Name, probeCase.Name, result.Verdict);
                    }
                }

                var verdict = item.Cases.Select(c => results[c.Index].Verdict).MaxBy(Severity).ToString().ToLowerInvariant();
                activity?.SetTag("verdict", verdict);
                activity?.SetTag(SpanAttributes.Verdict, verdict);
                if (item.Cases.Count == 1)
                {
                    var only = results[item.Cases[0].Index];
                    activity?.SetTag(SpanAttributes.Expected, only.Expected is null ? null : Reporting.ValueText.Expected(only.Expected));
                    activity?.SetTag(SpanAttributes.Observed, only.Observed is null ? null : Reporting.ValueText.Observed(only.Observed));
                }
            }).ConfigureAwait(false);

        return results;
    }

    private static int ResultCount(MatrixRoute route) => route.Expectations.SkipMatrix ? 1 : route.Cases.Count;

    /// <summary>Which verdict a span of several cases shows: the one that needs looking at first.</summary>
    private static int Severity(Verdict verdict) => verdict switch
    {
        Verdict.Error => 3,
        Verdict.Fail => 2,
        Verdict.Gap => 1,
        _ => 0,
    };

    /// <summary>One request on one route, and the cases (with their places in the results) judged on its answer.</summary>
    private sealed record SharedProbe(MatrixRoute Route, IReadOnlyList<(int Index, ProbeCase Case)> Cases);

    /// <summary>The route's name (already unique per gateway), with its path should two routes still share one.</summary>
    public static IReadOnlyDictionary<GatewayRoute, string> RouteLabels(IReadOnlyList<GatewayRoute> routes)
    {
        var shared = routes.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        IEqualityComparer<GatewayRoute> byReference = ReferenceEqualityComparer.Instance;
        return routes.Distinct(byReference).ToDictionary(r => r, r => shared.Contains(r.Name) ? $"{r.Name} {r.Path.Value}" : r.Name, byReference);
    }
}
