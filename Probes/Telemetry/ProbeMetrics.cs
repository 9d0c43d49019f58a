using System.Diagnostics;
using System.Diagnostics.Metrics;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// The check metrics of DESIGN §5 (names, labels and buckets in <see cref="ProbeMetricNames"/>, which a gate's
/// metrics.prom shares). Instrument names leave out what the Prometheus exporter appends (unit "s" →
/// "_seconds", counters → "_total"), so the scraped names are exactly ambientverify_check_passed,
/// ambientverify_check_runs_total, ambientverify_probe_request_duration_seconds, ambientverify_observed_tries and
/// ambientverify_observed_timeout_seconds.
/// </summary>
public sealed class ProbeMetrics
{
    private readonly Gauge<int> _checkPassed;
    private readonly Counter<long> _checkRuns;
    private readonly Histogram<double> _probeDuration;
    private readonly Gauge<int> _observedTries;
    private readonly Gauge<double> _observedTimeout;

    public ProbeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ProbeTelemetry.Name);
        _checkPassed = meter.CreateGauge<int>(ProbeMetricNames.CheckPassed, description: ProbeMetricNames.CheckPassedHelp);
        _checkRuns = meter.CreateCounter<long>(ProbeMetricNames.CheckRuns, description: ProbeMetricNames.CheckRunsHelp);
        _probeDuration = meter.CreateHistogram(ProbeMetricNames.ProbeRequestDuration, ProbeMetricNames.Seconds,
            ProbeMetricNames.ProbeRequestDurationHelp, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ProbeMetricNames.DurationBuckets });
        _observedTries = meter.CreateGauge<int>(ProbeMetricNames.ObservedTries, description: ProbeMetricNames.ObservedTriesHelp);
        _observedTimeout = meter.CreateGauge<double>(ProbeMetricNames.ObservedTimeout, unit: ProbeMetricNames.Seconds,
            description: ProbeMetricNames.ObservedTimeoutHelp);
    }

    /// <summary>
    /// Records every result of <paramref name="report"/>. Series are keyed on the case's stable id (label <c>case</c>),
    /// never its sentence, and on the subject as one text (label <c>route</c>: a route, a Deployment, a Namespace, ...);
    /// matrix results also carry the <c>capability</c> their case needs, when it needs one.
    /// </summary>
    public void Record(RunReport report)
    {
        foreach (var result in report.Results)
        {
            var route = result.Subject.ToString();
            var labels = new TagList
            {
                { ProbeMetricNames.CheckLabel, result.Check }, { ProbeMetricNames.CaseLabel, result.CaseId }, { ProbeMetricNames.RouteLabel, route },
                { ProbeMetricNames.TargetLabel, report.Target }, { ProbeMetricNames.ModeLabel, report.Mode },
            };
            AddCapability(ref labels, result);
            _checkPassed.Record(result.Verdict == Verdict.Pass ? 1 : 0, labels);
            labels.Add(ProbeMetricNames.VerdictLabel, VerdictText.Name(result.Verdict));
            _checkRuns.Add(1, labels);

            if (result.Observed is not { } observed)
            {
                continue;
            }

            _probeDuration.Record(observed.Elapsed.TotalSeconds, new TagList
            {
                { ProbeMetricNames.RouteLabel, route }, { ProbeMetricNames.TargetLabel, report.Target }, { ProbeMetricNames.ModeLabel, report.Mode },
            });
            var tries = new TagList { { ProbeMetricNames.CaseLabel, result.CaseId }, { ProbeMetricNames.RouteLabel, route } };
            AddCapability(ref tries, result);
            _observedTries.Record(observed.Tries, tries);

            // The case that measures the request timeout is the one that needs it.
            if (result.Capability == CapabilityIds.RouteTimeout)
            {
                _observedTimeout.Record(observed.Elapsed.TotalSeconds, new TagList { { ProbeMetricNames.RouteLabel, route } });
            }
        }
    }

    private static void AddCapability(ref TagList labels, CheckResult result)
    {
        if (result.Capability is { } capability)
        {
            labels.Add(ProbeMetricNames.CapabilityLabel, capability);
        }
    }
}
