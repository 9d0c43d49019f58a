using System.Text.Json;
using AmbientVerify.Probes.Serving;
using AmbientVerify.Probes.Tests.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.Probes.Tests.Serving;

/// <summary>serve's GET /: a "no run yet" page, then the latest run's report.html; GET /summary: "first run…", then its counts.</summary>
public sealed class ReportEndpointsTests
{
    [Fact]
    public async Task The_root_shows_no_run_yet_then_the_latest_report_html()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var serve = await StartAsync(cancellation);
        var http = serve.Http;

        var before = await http.GetAsync(new Uri("/", UriKind.Relative), cancellation);
        Assert.Equal("text/html", before.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No run yet", await before.Content.ReadAsStringAsync(cancellation));

        serve.Service<LastReport>().Set(SampleReports.With(SampleReports.Failed));
        var after = await http.GetStringAsync(new Uri("/", UriKind.Relative), cancellation);
        Assert.Contains("<table id=\"verdicts\">", after);
        Assert.Contains("add spec.rules[].retry", after);

    }

    [Fact]
    public async Task The_summary_says_first_run_then_the_latest_runs_counts_and_colour()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var serve = await StartAsync(cancellation);
        var http = serve.Http;

        using (var before = JsonDocument.Parse(await http.GetStringAsync(new Uri(ReportEndpoints.SummaryPath, UriKind.Relative), cancellation)))
        {
            Assert.Equal("first run…", before.RootElement.GetProperty("text").GetString());
            Assert.Equal(JsonValueKind.Null, before.RootElement.GetProperty("started").ValueKind);
        }

        serve.Service<LastReport>().Set(SampleReports.With(SampleReports.Passed, SampleReports.Failed));
        using var after = JsonDocument.Parse(await http.GetStringAsync(new Uri(ReportEndpoints.SummaryPath, UriKind.Relative), cancellation));
        Assert.Equal("1 pass · 0 gap · 1 fail · 0 error", after.RootElement.GetProperty("text").GetString());
        Assert.Equal("error", after.RootElement.GetProperty("style").GetString());
        Assert.Equal(1, after.RootElement.GetProperty("fail").GetInt32());
    }

    private static Task<LoopbackServe> StartAsync(CancellationToken cancellation) =>
        LoopbackServe.StartAsync(services => services.AddSingleton<LastReport>(), app => app.MapReportEndpoints(), cancellation);
}
