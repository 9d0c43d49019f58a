using System.Diagnostics.Metrics;
using AmbientVerify.LoadTests.Telemetry;
using AmbientVerify.LoadTests.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.LoadTests.Tests.Telemetry;

public sealed class LoadMetricsTests
{
    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

    [Fact]
    public void A_report_records_latency_per_quantile_rate_and_ok_fail_totals_labelled_by_scenario_and_mode()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var measurements = new List<Measurement>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name.StartsWith("ambientverify_load_", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Add(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.Start();

        new LoadMetrics(factory).Record(Reports.Sample());

        var p99 = Assert.Single(measurements, m => m.Instrument == "ambientverify_load_latency" && m.Tags["quantile"] == "0.99");
        Assert.Equal(0.00725, p99.Value, 9);
        Assert.Equal(("shop", "ambient"), (p99.Tags["scenario"], p99.Tags["mode"]));
        Assert.Equal(["0.5", "0.75", "0.95", "0.99", "0.999", "1"],
            measurements.Where(m => m.Instrument == "ambientverify_load_latency").Select(m => m.Tags["quantile"]));
        Assert.Equal(200, Assert.Single(measurements, m => m.Instrument == "ambientverify_load_requests_per_second").Value);
        Assert.Equal(11_990, Assert.Single(measurements, m => m.Instrument == "ambientverify_load_requests" && m.Tags["outcome"] == "ok").Value);
        Assert.Equal(10, Assert.Single(measurements, m => m.Instrument == "ambientverify_load_requests" && m.Tags["outcome"] == "fail").Value);
    }
}
