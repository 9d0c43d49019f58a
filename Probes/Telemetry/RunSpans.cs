using System.Diagnostics;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// The run's span (<see cref="SpanAttributes.RunSpan"/>) and a span per result. The matrix's requests have spans of
/// their own, timed by the request (<see cref="Running.MatrixRunner"/>), with an event per case judged on the answer;
/// the other checks' results (config audit, routing, capture, mTLS, plaintext, cluster prechecks, reachability, twin
/// routes) are judged from reads with no duration worth a span each, so each becomes one short span, a child of the
/// run's, recorded when the run ends: every result of a report can then be found in the trace by its case id.
/// </summary>
public static class RunSpans
{
    /// <summary>The run's span (null when nobody listens), and the run-started log event.</summary>
    public static Activity? Start(ILogger logger, string target, string mode, string gateway)
    {
        ProbeLog.RunStarted(logger, target, mode, gateway);
        var run = ProbeTelemetry.Source.StartActivity(SpanAttributes.RunSpan);
        run?.SetTag(SpanAttributes.Target, target);
        run?.SetTag(SpanAttributes.Mode, mode);
        run?.SetTag(SpanAttributes.Gateway, gateway);
        return run;
    }

    /// <summary>A span per non-matrix result under <paramref name="run"/>, the verdict counts on it, and the run-finished log event.</summary>
    public static RunReport Finish(Activity? run, ILogger logger, RunReport report)
    {
        var counts = Enum.GetValues<Verdict>().ToDictionary(v => v, report.Count);
        ProbeLog.RunFinished(logger, counts[Verdict.Pass], counts[Verdict.Fail], counts[Verdict.Gap], counts[Verdict.Error],
            report.Duration.TotalSeconds, report.Problem is null ? "" : $"; {report.Problem}");
        if (run is null)
        {
            return report;
        }

        foreach (var result in report.Results.Where(r => r.Check != BehaviourMatrix.CheckName))
        {
            using var span = ProbeTelemetry.Source.StartActivity($"{SpanAttributes.ResultSpanPrefix} {result.CaseId}", ActivityKind.Internal, run.Context);
            if (span is not null)
            {
                foreach (var (name, value) in Attributes(result))
                {
                    span.SetTag(name, value);
                }

                if (result.Verdict is Verdict.Fail or Verdict.Error)
                {
                    span.SetStatus(ActivityStatusCode.Error, result.Message);
                }
            }
        }

        foreach (var (verdict, count) in counts)
        {
            run.SetTag(SpanAttributes.ResultsPrefix + verdict.ToString().ToLowerInvariant(), count);
        }

        run.SetTag(SpanAttributes.Problem, report.Problem);
        if (report.Problem is not null || counts[Verdict.Fail] + counts[Verdict.Error] > 0)
        {
            run.SetStatus(ActivityStatusCode.Error, report.Problem);
        }

        return report;
    }

    /// <summary>The attributes of one result, as a span's tags or a case event's.</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Attributes(CheckResult result) =>
    [
        new(SpanAttributes.Check, result.Check),
        new(SpanAttributes.Case, result.CaseId),
        new(SpanAttributes.Subject, result.Subject.ToString()),
        new(SpanAttributes.Verdict, result.Verdict.ToString().ToLowerInvariant()),
        new(SpanAttributes.Expected, result.Expected is null ? null : ValueText.Expected(result.Expected)),
        new(SpanAttributes.Observed, result.Observed is null ? null : ValueText.Observed(result.Observed)),
        new(SpanAttributes.Message, result.Message),
    ];

    /// <summary>The event of one matrix case on its request's span.</summary>
    public static ActivityEvent CaseEvent(CheckResult result) =>
        new(SpanAttributes.CaseEvent, tags: new ActivityTagsCollection(Attributes(result).Where(a => a.Value is not null)));
}
