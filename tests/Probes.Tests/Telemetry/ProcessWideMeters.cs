using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>
/// Tests that scrape the OpenTelemetry Prometheus exporter: it reads every meter named AmbientVerify in the test
/// process, whichever host created it, so series recorded by a test running alongside would show in another's scrape.
/// They run one at a time, with no other test.
/// </summary>
[CollectionDefinition(nameof(ProcessWideMeters), DisableParallelization = true)]
public sealed class ProcessWideMeters
{
    /// <summary>What serve's /metrics shows after its <see cref="ProbeMetrics"/> recorded <paramref name="report"/>: the real exporter on loopback.</summary>
    public static async Task<string> ScrapeServeAsync(RunReport report)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<ProbeMetrics>();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        app.Services.GetRequiredService<ProbeMetrics>().Record(report);

        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(new Uri(app.Urls.Single()), "/metrics"), TestContext.Current.CancellationToken);
    }
}
