using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// A run's metrics as Prometheus text (format 0.0.4), for <c>metrics.prom</c> beside a gate's or an audit's reports and
/// for a Pushgateway: the series <c>serve</c> exports for the same run (<see cref="ProbeMetrics.Record"/>: same names,
/// labels, values and histogram buckets; a contract test scrapes the exporter to hold them to it), plus
/// <c>ambientverify_gate_exit_code</c> and <c>ambientverify_gate_last_run_timestamp_seconds</c>. The OpenTelemetry
/// exporter renders only behind an HTTP endpoint, which a process that lives seconds has nobody to scrape.
/// </summary>
public static class RunExposition
{
    public const string FileName = "metrics.prom";

    /// <param name="exitCode">The gate's exit code for this report (<see cref="GateExitCode.For"/>).</param>
    public static string Render(RunReport report, int exitCode)
    {
        var passed = new Series();
        var runs = new Series();
        var durations = new Dictionary<string, (Labels Labels, List<double> Values)>(StringComparer.Ordinal);
        var durationOrder = new List<string>();
        var tries = new Series();
        var timeouts = new Series();

        foreach (var result in report.Results)
        {
            var route = result.Subject.ToString();
            var labels = WithCapability(new Labels
            {
                { ProbeMetricNames.CheckLabel, result.Check }, { ProbeMetricNames.CaseLabel, result.CaseId }, { ProbeMetricNames.RouteLabel, route },
                { ProbeMetricNames.TargetLabel, report.Target }, { ProbeMetricNames.ModeLabel, report.Mode },
            }, result);
            passed.Set(labels, result.Verdict == Verdict.Pass ? 1 : 0);
            runs.Add([.. labels, new(ProbeMetricNames.VerdictLabel, VerdictText.Name(result.Verdict))], 1);

            if (result.Observed is not { } observed)
            {
                continue;
            }

            Labels durationLabels =
            [
                new(ProbeMetricNames.RouteLabel, route), new(ProbeMetricNames.TargetLabel, report.Target), new(ProbeMetricNames.ModeLabel, report.Mode),
            ];
            var key = Series.Key(durationLabels);
            if (!durations.TryGetValue(key, out var values))
            {
                durations[key] = values = (durationLabels, []);
                durationOrder.Add(key);
            }

            values.Values.Add(observed.Elapsed.TotalSeconds);
            tries.Set(WithCapability([new(ProbeMetricNames.CaseLabel, result.CaseId), new(ProbeMetricNames.RouteLabel, route)], result), observed.Tries);
            if (result.Capability == CapabilityIds.RouteTimeout)
            {
                timeouts.Set([new(ProbeMetricNames.RouteLabel, route)], observed.Elapsed.TotalSeconds);
            }
        }

        var text = new PrometheusTextWriter();
        passed.WriteTo(text.Metric(ProbeMetricNames.Scraped(ProbeMetricNames.CheckPassed), PrometheusType.Gauge, ProbeMetricNames.CheckPassedHelp));
        runs.WriteTo(text.Metric(ProbeMetricNames.Scraped(ProbeMetricNames.CheckRuns), PrometheusType.Counter, ProbeMetricNames.CheckRunsHelp));
        text.Metric(ProbeMetricNames.Scraped(ProbeMetricNames.ProbeRequestDuration), PrometheusType.Histogram, ProbeMetricNames.ProbeRequestDurationHelp);
        foreach (var (labels, values) in durationOrder.Select(k => durations[k]))
        {
            WriteHistogram(text, labels, values);
        }

        tries.WriteTo(text.Metric(ProbeMetricNames.Scraped(ProbeMetricNames.ObservedTries), PrometheusType.Gauge, ProbeMetricNames.ObservedTriesHelp));
        timeouts.WriteTo(text.Metric(ProbeMetricNames.Scraped(ProbeMetricNames.ObservedTimeout), PrometheusType.Gauge, ProbeMetricNames.ObservedTimeoutHelp));

        Labels run = [new(ProbeMetricNames.TargetLabel, report.Target), new(ProbeMetricNames.ModeLabel, report.Mode)];
        text.Metric(ProbeMetricNames.GateExitCode, PrometheusType.Gauge, ProbeMetricNames.GateExitCodeHelp).Sample(run, exitCode);
        text.Metric(ProbeMetricNames.GateLastRunTimestamp, PrometheusType.Gauge, ProbeMetricNames.GateLastRunTimestampHelp)
            .Sample(run, (report.Started + report.Duration).ToUnixTimeMilliseconds() / 1000.0);
        return text.ToString();
    }

    /// <summary>Cumulative buckets over <see cref="ProbeMetricNames.DurationBuckets"/> and +Inf, then the sum and the count, as the exporter writes them.</summary>
    private static void WriteHistogram(PrometheusTextWriter text, Labels labels, List<double> values)
    {
        foreach (var bound in ProbeMetricNames.DurationBuckets)
        {
            text.Sample([.. labels, new("le", PrometheusTextWriter.Number(bound))], values.Count(v => v <= bound), "_bucket");
        }

        text.Sample([.. labels, new("le", "+Inf")], values.Count, "_bucket");
        text.Sample(labels, values.Sum(), "_sum");
        text.Sample(labels, values.Count, "_count");
    }

    private static Labels WithCapability(Labels labels, CheckResult result)
    {
        if (result.Capability is { } capability)
        {
            labels.Add(new(ProbeMetricNames.CapabilityLabel, capability));
        }

        return labels;
    }

    private sealed class Labels : List<KeyValuePair<string, string>>
    {
        public void Add(string name, string value) => Add(new KeyValuePair<string, string>(name, value));
    }

    /// <summary>Samples by label set in first-seen order: a gauge keeps the last value recorded, a counter the sum.</summary>
    private sealed class Series
    {
        private readonly Dictionary<string, (Labels Labels, double Value)> _byKey = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        public static string Key(Labels labels) => string.Join('\u0000', labels.Select(l => l.Key + "\u0001" + l.Value));

        public void Set(Labels labels, double value) => Put(labels, _ => value);

        public void Add(Labels labels, double value) => Put(labels, old => old + value);

        private void Put(Labels labels, Func<double, double> update)
        {
            var key = Key(labels);
            if (!_byKey.TryGetValue(key, out var old))
            {
                _order.Add(key);
                old = (labels, 0);
            }

            _byKey[key] = (labels, update(old.Value));
        }

        public void WriteTo(PrometheusTextWriter text)
        {
            foreach (var (labels, value) in _order.Select(k => _byKey[k]))
            {
                text.Sample(labels, value);
            }
        }
    }
}
