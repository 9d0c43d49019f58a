using System.Diagnostics;
using System.Diagnostics.Metrics;
using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.Probes.Telemetry;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.LoadTests.Telemetry;

/// <summary>
/// The load metrics of DESIGN §5 on the one AmbientVerify meter. Names leave out what the Prometheus exporter appends
/// (unit "s" → "_seconds", counters → "_total"), so the scraped names are ambientverify_load_latency_seconds{scenario,
/// mode,quantile}, ambientverify_load_requests_per_second{scenario,mode} and ambientverify_load_requests_total{scenario,
/// mode,outcome="ok"|"fail"}. Labels stay low-cardinality: the scenario, never a step or a status.
/// </summary>
public sealed class LoadMetrics
{
    /// <summary>The quantiles exported, as Prometheus summary labels spell them, and how each is read off the stats.</summary>
    public static IReadOnlyList<(string Quantile, Func<LatencyStats, double> Milliseconds)> Quantiles { get; } =
        LoadMetricNames.Quantiles.Zip(new Func<LatencyStats, double>[] { l => l.P50Ms, l => l.P75Ms, l => l.P95Ms, l => l.P99Ms, l => l.P999Ms, l => l.MaxMs })
            .ToList();

    private readonly Gauge<double> _latency;
    private readonly Gauge<double> _rate;
    private readonly Counter<long> _requests;

    public LoadMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        _latency = meter.CreateGauge<double>(LoadMetricNames.Latency, unit: LoadMetricNames.LatencyUnit,
            description: "Load test latency at a quantile over the measured window (open model: from the intended send time)");
        _rate = meter.CreateGauge<double>(LoadMetricNames.RequestsPerSecond, description: "Load test requests per second over the measured window");
        _requests = meter.CreateCounter<long>("ambientverify_load_requests", description: "Load test requests by outcome (ok = 2xx/3xx)");
    }

    public void Record(LoadReport report)
    {
        foreach (var scenario in report.Scenarios)
        {
            foreach (var (quantile, milliseconds) in Quantiles)
            {
                _latency.Record(milliseconds(scenario.Latency) / 1000.0,
                    new TagList { { "scenario", scenario.Name }, { "mode", report.Mode }, { "quantile", quantile } });
            }

            _rate.Record(scenario.RequestsPerSecond, new TagList { { "scenario", scenario.Name }, { "mode", report.Mode } });
            _requests.Add(scenario.Ok, new TagList { { "scenario", scenario.Name }, { "mode", report.Mode }, { "outcome", "ok" } });
            _requests.Add(scenario.Fail, new TagList { { "scenario", scenario.Name }, { "mode", report.Mode }, { "outcome", "fail" } });
        }
    }
}
