using System.Diagnostics.Metrics;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>The dataplane gauges read the last comparison; what was not measured is not exported.</summary>
public sealed class DataplaneMetricsTests
{
    private static List<(string Name, double Value, Dictionary<string, string> Tags)> Collect(ResourceComparison? comparison)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new DataplaneMetrics(factory);
        if (comparison is not null)
        {
            metrics.Record(comparison);
        }

        var measurements = new List<(string, double, Dictionary<string, string>)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter (its factory is the scope): other tests' instances run in parallel.
            if (instrument.Meter.Name == ProbeTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory)
                && instrument.Name.StartsWith("ambientverify_", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? ""))));
        listener.Start();
        listener.RecordObservableInstruments();
        return measurements;
    }

    [Fact]
    public void Net_memory_saving_by_requests_is_exported_as_bytes()
    {
        var measurements = Collect(ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient()));

        var net = Assert.Single(measurements, m => m.Name == "ambientverify_dataplane_savings_memory_bytes" && m.Tags["basis"] == "requests" && m.Tags["kind"] == "net");
        Assert.Equal(468.0 * Snapshots.Mi, net.Value);
    }

    [Fact]
    public void Memory_and_cpu_per_mode_and_component_carry_their_basis()
    {
        var measurements = Collect(ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient()));

        var ztunnel = Assert.Single(measurements, m => m.Name == "ambientverify_dataplane_cpu_cores"
            && m.Tags["mode"] == "ambient" && m.Tags["component"] == "ztunnel" && m.Tags["basis"] == "requests");
        Assert.Equal(0.6, ztunnel.Value, 9);
        Assert.Contains(measurements, m => m.Name == "ambientverify_dataplane_memory_bytes" && m.Tags["mode"] == "sidecar" && m.Tags["component"] == "sidecar");
    }

    [Fact]
    public void A_basis_that_was_not_measured_or_is_unbounded_is_not_exported()
    {
        var measurements = Collect(ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient()));

        Assert.DoesNotContain(measurements, m => m.Tags.GetValueOrDefault("basis") is SavingsBases.UsageAvg or SavingsBases.UsagePeak);
        Assert.DoesNotContain(measurements, m => m.Name == "ambientverify_dataplane_savings_memory_bytes" && m.Tags["basis"] == "limits" && m.Tags["kind"] == "net");
    }

    [Fact]
    public void The_load_figures_of_both_snapshots_are_exported_per_mode_under_the_load_names()
    {
        var before = Snapshots.Sidecar() with { Load = [Snapshots.Load("shop", 200, 0.010)] };
        var after = Snapshots.Ambient() with { Load = [Snapshots.Load("shop", 199, 0.008)] };

        var measurements = Collect(ResourceComparison.Compare(before, after));

        var p99 = measurements.Where(m => m.Name == LoadMetricNames.Latency && m.Tags["quantile"] == "0.99").ToDictionary(m => m.Tags["mode"], m => m.Value);
        Assert.Equal(new Dictionary<string, double> { ["sidecar"] = 0.030, ["ambient"] = 0.024 }, p99);
        Assert.Equal(6, measurements.Count(m => m.Name == LoadMetricNames.Latency && m.Tags["mode"] == "ambient"));
        Assert.Contains(measurements, m => m.Name == LoadMetricNames.RequestsPerSecond && m.Tags["mode"] == "sidecar" && m.Value == 200);
    }

    [Fact]
    public void Nothing_is_exported_before_a_comparison_is_recorded()
    {
        Assert.Empty(Collect(null));
    }
}

/// <summary>Scraped through the service defaults' Prometheus exporter, the names are exactly the ones documented (no suffix added).</summary>
public sealed class DataplaneMetricsScrapeTests
{
    [Theory]
    [InlineData("ambientverify_dataplane_memory_bytes{")]
    [InlineData("ambientverify_dataplane_cpu_cores{")]
    [InlineData("ambientverify_dataplane_savings_memory_bytes{")]
    [InlineData("ambientverify_dataplane_savings_cpu_cores{")]
    [InlineData("ambientverify_load_latency_seconds{")]
    [InlineData("ambientverify_load_requests_per_second{")]
    public async Task Scraped_metric_has_the_documented_name(string prefix)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<DataplaneMetrics>();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        app.Services.GetRequiredService<DataplaneMetrics>().Record(ResourceComparison.Compare(
            Snapshots.Sidecar() with { Load = [Snapshots.Load("shop", 200, 0.010)] }, Snapshots.Ambient() with { Load = [Snapshots.Load("shop", 200, 0.008)] }));

        using var http = new HttpClient();
        var scrape = await http.GetStringAsync(new Uri(new Uri(app.Urls.Single()), "/metrics"), TestContext.Current.CancellationToken);

        Assert.Contains(scrape.Split('\n'), line => line.StartsWith(prefix, StringComparison.Ordinal));
    }
}
