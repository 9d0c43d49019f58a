using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Tests.Resources;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.Browser;
using Microsoft.Playwright;

namespace AmbientVerify.Probes.Tests.Reporting;

[CollectionDefinition(nameof(HtmlReportBrowserTests), DisableParallelization = true)]
public sealed class HtmlReportBrowserCollection;

/// <summary>
/// report.html and compare.html as a person sees them, in headless Chromium (Debian's chromium, driven by Playwright;
/// no browser download) from file:// with no network: the table's rows, failing first with the remedy, the charts
/// drawn, a filter hiding rows. Keeps artifacts/report-html.png (the README shows a copy, docs/report-html.png).
/// Alone (not in parallel): a browser takes both cores for seconds, which the timing tests must not share.
/// </summary>
[Collection(nameof(HtmlReportBrowserTests))]
public sealed class HtmlReportBrowserTests
{
    private static RunReport Sample() => SampleReports.With(
        SampleReports.Passed, SampleReports.Gap, SampleReports.Timed, SampleReports.Errored, SampleReports.Failed, SampleReports.Captured);

    [Fact]
    public async Task The_report_shows_failing_first_with_its_remedy_draws_its_charts_and_filters_by_verdict_and_text()
    {
        await using var page = await OpenAsync(HtmlReportWriter.ToHtml(Sample()), "report.html");
        var rows = page.Page.Locator("#verdicts tbody tr");

        Assert.Equal(6, await rows.CountAsync());
        Assert.Equal("fail", await rows.First.Locator("td.verdict").InnerTextAsync());
        Assert.Equal("add spec.rules[].retry", await rows.First.Locator("td.remedy").InnerTextAsync());
        Assert.Equal("pass", await rows.Last.Locator("td.verdict").InnerTextAsync());
        Assert.True(await DrawnPixelsAsync(page.Page, "elapsed") > 1000, "the elapsed-time chart is blank");
        Assert.True(await DrawnPixelsAsync(page.Page, "tries") > 1000, "the tries chart is blank");
        Assert.Equal("6 of 6 shown", await page.Page.Locator("#shown").InnerTextAsync());
        await page.ScreenshotAsync(Path.Combine(Repository.Root, "artifacts", "report-html.png"));

        foreach (var verdict in new[] { "error", "gap", "pass" })
        {
            await page.Page.Locator($"input[name=verdict][value={verdict}]").UncheckAsync();
        }

        var visible = page.Page.Locator("#verdicts tbody tr:visible");
        Assert.Equal(1, await visible.CountAsync());
        Assert.Equal("fail", await visible.Locator("td.verdict").InnerTextAsync());
        Assert.Equal("1 of 6 shown", await page.Page.Locator("#shown").InnerTextAsync());

        foreach (var verdict in new[] { "error", "gap", "pass" })
        {
            await page.Page.Locator($"input[name=verdict][value={verdict}]").CheckAsync();
        }

        await page.Page.Locator("#text").FillAsync("order-service");
        Assert.Equal(3, await visible.CountAsync());
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_comparison_draws_memory_cpu_and_latency_charts()
    {
        var before = Snapshots.Sidecar() with { Load = [Snapshots.Load("steady", 100, 0.010)] };
        var after = Snapshots.Ambient() with { Load = [Snapshots.Load("steady", 110, 0.008)] };
        await using var page = await OpenAsync(ComparisonHtml.Render(ResourceComparison.Compare(before, after)), "compare.html");

        foreach (var chart in new[] { "memory", "cpu", "latency" })
        {
            Assert.True(await DrawnPixelsAsync(page.Page, chart) > 1000, $"the {chart} chart is blank");
        }

        Assert.Contains("the plan's claim", await page.Page.Locator("#comparison").InnerTextAsync());
        Assert.Empty(page.Errors);
    }

    /// <summary>Pixels of the canvas that are not transparent: Chart.js drew bars, axes and labels.</summary>
    private static Task<int> DrawnPixelsAsync(IPage page, string canvasId) => page.EvaluateAsync<int>(
        """
        id => {
          const c = document.getElementById(id);
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let drawn = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn++;
          return drawn;
        }
        """, canvasId);

    private static Task<BrowserPage> OpenAsync(string html, string fileName) =>
        HeadlessChromium.OpenHtmlAsync(html, fileName, TestContext.Current.CancellationToken);
}
