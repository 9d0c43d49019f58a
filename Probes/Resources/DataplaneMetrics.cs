using System.Diagnostics.Metrics;
using AmbientVerify.Probes.Telemetry;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// The dataplane resource metrics (DESIGN §5), as observable gauges that read the last recorded comparison:
/// <c>ambientverify_dataplane_memory_bytes{mode,component,basis}</c>, <c>ambientverify_dataplane_cpu_cores{mode,component,basis}</c>,
/// <c>ambientverify_dataplane_savings_memory_bytes{basis,kind}</c>, <c>ambientverify_dataplane_savings_cpu_cores{basis,kind}</c>
/// (kind gross|added|net). The names carry their unit and the instruments none, so the exporter adds no suffix.
/// A figure that cannot be said (not measured, unbounded limit) is left out, never exported as 0.
/// </summary>
public sealed class DataplaneMetrics
{
    private volatile ResourceComparison? _last;

    public DataplaneMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ProbeTelemetry.Name);
        meter.CreateObservableGauge("ambientverify_dataplane_memory_bytes", () => Totals(t => t.Total.MemoryBytes),
            description: "Memory of the dataplane components of one kind in one mode, by basis (requests, limits, usage_avg, usage_peak)");
        meter.CreateObservableGauge("ambientverify_dataplane_cpu_cores", () => Totals(t => t.Total.CpuCores),
            description: "CPU of the dataplane components of one kind in one mode, by basis");
        meter.CreateObservableGauge("ambientverify_dataplane_savings_memory_bytes", () => Savings(a => a.MemoryBytes),
            description: "Memory saved by the move to ambient (kind gross, added, net), by basis");
        meter.CreateObservableGauge("ambientverify_dataplane_savings_cpu_cores", () => Savings(a => a.CpuCores),
            description: "CPU saved by the move to ambient (kind gross, added, net), by basis");
        meter.CreateObservableGauge(LoadMetricNames.Latency, LoadLatency, unit: LoadMetricNames.LatencyUnit,
            description: "Load test latency at a quantile, per mode, as the comparison's snapshots recorded it");
        meter.CreateObservableGauge(LoadMetricNames.RequestsPerSecond, LoadRate,
            description: "Load test requests per second, per mode, as the comparison's snapshots recorded it");
    }

    public void Record(ResourceComparison comparison) => _last = comparison;

    /// <summary>The load figures of both snapshots, under LoadTests' own names, so a dashboard reads one series per mode.</summary>
    private IEnumerable<Measurement<double>> LoadLatency() =>
        _last is not { } last ? [] : new[] { last.Before, last.After }
            .SelectMany(snapshot => snapshot.Load.SelectMany(load => LoadMetricNames.Quantiles
                .Zip(new[] { load.Latency.P50, load.Latency.P75, load.Latency.P95, load.Latency.P99, load.Latency.P999, load.Latency.Max })
                .Select(q => new Measurement<double>(q.Second,
                    new("scenario", load.Scenario), new("mode", Mode(snapshot)), new("quantile", q.First)))));

    private IEnumerable<Measurement<double>> LoadRate() =>
        _last is not { } last ? [] : new[] { last.Before, last.After }
            .SelectMany(snapshot => snapshot.Load.Select(load => new Measurement<double>(load.Rps, new("scenario", load.Scenario), new("mode", Mode(snapshot)))));

    private static string Mode(ResourceSnapshot snapshot) => snapshot.Mode.ToString().ToLowerInvariant();

    private IEnumerable<Measurement<double>> Totals(Func<KindTotal, double?> pick) =>
        _last is not { } last ? [] : last.Totals
            .Where(t => t.NotMeasured is null && pick(t) is not null)
            .Select(t => new Measurement<double>(pick(t)!.Value,
                new("mode", t.Mode.ToString().ToLowerInvariant()), new("component", t.Kind), new("basis", t.Basis)));

    private IEnumerable<Measurement<double>> Savings(Func<Manifests.Model.ResourceAmounts, double?> pick) =>
        _last is not { } last ? [] : last.Savings
            .Where(s => s.Measured)
            .SelectMany(s => new[] { ("gross", s.Gross), ("added", s.Added), ("net", s.Net) }
                .Where(k => pick(k.Item2) is not null)
                .Select(k => new Measurement<double>(pick(k.Item2)!.Value, new("basis", s.Basis), new("kind", k.Item1))));
}
