using System.Diagnostics;
using System.Diagnostics.Metrics;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// The check metrics of DESIGN §5. Instrument names leave out what the Prometheus exporter appends (unit "s" →
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
        _checkPassed = meter.CreateGauge<int>("ambientverify_check_passed", description: "1 when the check's last verdict was pass, else 0");
        _checkRuns = meter.CreateCounter<long>("ambientverify_check_runs", description: "Check runs by verdict");
        _probeDuration = meter.CreateHistogram<double>("ambientverify_probe_request_duration", unit: "s",
            description: "Time from sending a probe through the gateway to its answer");
        _observedTries = meter.CreateGauge<int>("ambientverify_observed_tries", description: "Tries the fault backend counted for the case's last probe");
        _observedTimeout = meter.CreateGauge<double>("ambientverify_observed_timeout", unit: "s",
            description: "When the gateway ended a stalled request (its effective request timeout)");
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
                { "check", result.Check }, { "case", result.CaseId }, { "route", route },
                { "target", report.Target }, { "mode", report.Mode },
            };
            AddCapability(ref labels, result);
            _checkPassed.Record(result.Verdict == Verdict.Pass ? 1 : 0, labels);
            labels.Add("verdict", VerdictText.Name(result.Verdict));
            _checkRuns.Add(1, labels);

            if (result.Observed is not { } observed)
            {
                continue;
            }

            _probeDuration.Record(observed.Elapsed.TotalSeconds, new TagList { { "route", route }, { "target", report.Target }, { "mode", report.Mode } });
            var tries = new TagList { { "case", result.CaseId }, { "route", route } };
            AddCapability(ref tries, result);
            _observedTries.Record(observed.Tries, tries);

            // The case that measures the request timeout is the one that needs it.
            if (result.Capability == CapabilityIds.RouteTimeout)
            {
                _observedTimeout.Record(observed.Elapsed.TotalSeconds, new TagList { { "route", route } });
            }
        }
    }

    private static void AddCapability(ref TagList labels, CheckResult result)
    {
        if (result.Capability is { } capability)
        {
            labels.Add("capability", capability);
        }
    }
}
