using AmbientVerify.Probes.Tests.Reporting;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>The scraped names must be DESIGN §5's, after the Prometheus exporter adds its suffixes.</summary>
public class ProbeMetricsTests
{
    private static async Task<string> ScrapeAfterRecordingAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<ProbeMetrics>();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);

        app.Services.GetRequiredService<ProbeMetrics>().Record(
            SampleReports.With(SampleReports.Passed, SampleReports.Failed, SampleReports.Timed),
            AmbientVerify.Probes.Cases.BehaviourMatrix.Build(Matrix.Defaults));

        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(new Uri(app.Urls.Single()), "/metrics"), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("ambientverify_check_passed{")]
    [InlineData("ambientverify_check_runs_total{")]
    [InlineData("ambientverify_probe_request_duration_seconds_bucket{")]
    [InlineData("ambientverify_observed_tries{")]
    [InlineData("ambientverify_observed_timeout_seconds{")]
    public async Task Scraped_metric_has_the_design_name(string prefix)
    {
        var scrape = await ScrapeAfterRecordingAsync();

        Assert.Contains(scrape.Split('\n'), line => line.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_passed_carries_check_case_route_target_and_mode()
    {
        var scrape = await ScrapeAfterRecordingAsync();

        var line = scrape.Split('\n').Single(l => l.StartsWith("ambientverify_check_passed{", StringComparison.Ordinal)
            && l.Contains("case=\"500 is returned after the retries run out\""));
        Assert.Contains("check=\"behaviour-matrix\"", line);
        Assert.Contains("route=\"customer-service-route\"", line);
        Assert.Contains("target=\"local\"", line);
        Assert.Contains("mode=\"ambient\"", line);
        Assert.Equal("0", line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0]);
    }
}
