using System.Text.Json;
using System.Text.RegularExpressions;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.Browser;
using Microsoft.Playwright;

namespace AmbientVerify.AppHost.Tests.AspireDashboard;

[CollectionDefinition(nameof(DashboardBrowserTests), DisableParallelization = true)]
public sealed class DashboardBrowserCollection;

/// <summary>
/// The Aspire dashboard of a real dashboard run as a QA engineer sees it, in headless Chromium: the probes' "verdict"
/// row reads "N pass · N gap · N fail · N error" once the first run ends, red when the mesh fails; the probes row links
/// report.html and /metrics, and its "Run the matrix now" button starts a second run (and, clicked again during
/// that run, shows the refusal). Keeps
/// artifacts/aspire-dashboard.png (the README shows a copy, docs/aspire-dashboard.png).
/// Alone (not in parallel): a whole mesh, the dashboard and a browser take both cores.
/// </summary>
[Collection(nameof(DashboardBrowserTests))]
public sealed partial class DashboardBrowserTests
{
    /// <summary>A first run is ≈40 s (the 30 s timeout cases) after a start of ≈15 s on two busy cores.</summary>
    private static readonly TimeSpan FirstRunDeadline = TimeSpan.FromSeconds(150);

    private const int DashboardWidth = 1600;

    [Fact]
    public async Task A_failing_mesh_shows_its_counts_in_red_on_the_verdict_row()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var manifests = BrokenManifests.CopyOfSample("ambient");
        BrokenManifests.SetRequestTimeout(manifests, "order-service-route", "20s");
        await using var run = await AspireDashboardRun.StartAsync(["--manifests", manifests], cancellation);
        await using var browser = await HeadlessChromium.OpenUrlAsync(run.Dashboard, DashboardWidth);

        var text = await WaitForVerdictAsync(browser.Page, run, Summary(), cancellation);

        Assert.Matches(Failing(), text);
        Assert.Equal("error", await StateColourAsync(browser.Page));
        Assert.Matches(ExactlyFailing(), await VerdictRow(browser.Page).First.InnerTextAsync());
        await browser.ScreenshotAsync(Path.Combine(Repository.Root, "artifacts", "aspire-dashboard.png"));
    }

    [Fact]
    public async Task A_passing_mesh_shows_its_counts_links_its_report_and_metrics_and_runs_again_on_command()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var run = await AspireDashboardRun.StartAsync(["--sample", "ambient"], cancellation);
        await using var browser = await HeadlessChromium.OpenUrlAsync(run.Dashboard, DashboardWidth);
        var page = browser.Page;

        var text = await WaitForVerdictAsync(page, run, Summary(), cancellation);
        Assert.Matches(Passing(), text);
        Assert.Equal("success", await StateColourAsync(page));
        Assert.Matches(ExactlyPassing(), await VerdictRow(page).First.InnerTextAsync());

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var report = new Uri(await page.Locator("a", new() { HasTextString = ProbesDashboard.ReportUrlText }).First.GetAttributeAsync("href") ?? "");
        var metrics = new Uri(await page.Locator("a", new() { HasTextString = ProbesDashboard.MetricsUrlText }).First.GetAttributeAsync("href") ?? "");
        Assert.Contains("<table id=\"verdicts\">", await http.GetStringAsync(report, cancellation));
        Assert.Equal("/metrics", metrics.AbsolutePath);
        Assert.Contains("ambientverify_", await http.GetStringAsync(metrics, cancellation));

        var summary = new Uri(report, ProbesDashboard.SummaryPath);
        var firstStarted = await StartedAsync(http, summary, cancellation);
        var runNow = page.Locator($"[title^=\"{ProbesDashboard.RunNowDisplayName}\"]").First;
        await runNow.ClickAsync();
        await NotificationAsync(page, "a run of the matrix starts now", run);
        await CloseNotificationsAsync(page);
        // Asked again while that run is going: refused, and the dashboard says so in the probes' words.
        await page.WaitForFunctionAsync("el => !el.hasAttribute('disabled')", await runNow.ElementHandleAsync());
        await runNow.ClickAsync();
        await NotificationAsync(page, "a run is already going", run);

        var deadline = DateTime.UtcNow + FirstRunDeadline;
        string? secondStarted;
        while ((secondStarted = await StartedAsync(http, summary, cancellation)) == firstStarted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no second run started after the command, the summary still says the run of {firstStarted}:\n{run.Output}");
            await Task.Delay(500, cancellation);
        }

        Assert.True(DateTimeOffset.Parse(secondStarted!, System.Globalization.CultureInfo.InvariantCulture)
            < DateTimeOffset.Parse(firstStarted!, System.Globalization.CultureInfo.InvariantCulture) + TimeSpan.FromMinutes(4),
            "the second run is the periodic one (5 min), not the command's");
    }

    /// <summary>
    /// Waits for a command's result message in the dashboard's notification center (the bell; Aspire 13.6 lists each
    /// command's result there with its message), and leaves it open.
    /// </summary>
    private static async Task NotificationAsync(IPage page, string message, AspireDashboardRun run)
    {
        var bell = page.Locator("[title=Notifications]").First;
        await bell.ClickAsync();
        try
        {
            await page.GetByText(message).First.WaitForAsync(new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no notification '{message}'; the page:\n{await page.Locator("body").InnerTextAsync()}\nthe AppHost:\n{run.Output}");
        }
    }

    /// <summary>
    /// Closes the notification center before anything else is clicked: while it is open (or closing) it takes the clicks
    /// on the row's buttons. Escape closes it once the panel has the focus; when a busy machine has not given it the
    /// focus yet, the key is lost, so it is pressed again, and the bell (which toggles the panel) is the last resort.
    /// </summary>
    private static async Task CloseNotificationsAsync(IPage page)
    {
        var dismissAll = page.GetByText("Dismiss all");
        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (attempt < 3)
            {
                await page.Keyboard.PressAsync("Escape");
            }
            else
            {
                await page.Locator("[title=Notifications]").First.ClickAsync(new() { Force = true });
            }

            try
            {
                await dismissAll.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // Still open: try again.
            }
        }
    }

    /// <summary>The verdict row's state text, once it is a summary of a finished run (not "first run…").</summary>
    private static async Task<string> WaitForVerdictAsync(IPage page, AspireDashboardRun run, Regex summary, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + FirstRunDeadline;
        var state = VerdictState(page);
        var seen = "";
        while (DateTime.UtcNow < deadline)
        {
            if (await state.CountAsync() > 0)
            {
                seen = (await state.First.InnerTextAsync()).Trim();
                if (summary.IsMatch(seen))
                {
                    return seen;
                }
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"the verdict row still reads '{seen}' after {FirstRunDeadline}; the page:\n{await page.Locator("body").InnerTextAsync()}\nthe AppHost:\n{run.Output}");
    }

    private static ILocator VerdictRow(IPage page) =>
        page.Locator("tr", new() { Has = page.GetByText(ProbesDashboard.VerdictResourceName, new() { Exact = true }) });

    private static ILocator VerdictState(IPage page) => VerdictRow(page).Locator(".state-column-cell");

    /// <summary>
    /// The colour the dashboard draws the state icon in: its FluentIcon fill names the Fluent colour
    /// (var(--error), var(--success), …) that dotnet/aspire src/Aspire.Dashboard/Model/ResourceStateViewModel.cs picks from the state style.
    /// </summary>
    private static async Task<string> StateColourAsync(IPage page)
    {
        var html = await VerdictState(page).First.InnerHTMLAsync();
        return Regex.Match(html, @"var\(--(?<colour>[a-z-]+)\)") is { Success: true } match ? match.Groups["colour"].Value : html;
    }

    private static async Task<string?> StartedAsync(HttpClient http, Uri summary, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(summary, cancellationToken));
        return json.RootElement.GetProperty("started").GetString();
    }

    // The dashboard humanizes a state (Humanizer drops the "·" between the counts), so the pattern allows either.
    [GeneratedRegex(@"\d+ pass\W+\d+ gap\W+\d+ fail\W+\d+ error", RegexOptions.IgnoreCase)]
    private static partial Regex Summary();

    [GeneratedRegex(@"^\d+ pass\W+\d+ gap\W+[1-9]\d* fail\W+0 error$", RegexOptions.IgnoreCase)]
    private static partial Regex Failing();

    [GeneratedRegex(@"^[1-9]\d* pass\W+\d+ gap\W+0 fail\W+0 error$", RegexOptions.IgnoreCase)]
    private static partial Regex Passing();

    // The Source column shows the line as the probes wrote it.
    [GeneratedRegex(@"\b\d+ pass · \d+ gap · [1-9]\d* fail · 0 error\b")]
    private static partial Regex ExactlyFailing();

    [GeneratedRegex(@"\b[1-9]\d* pass · \d+ gap · 0 fail · 0 error\b")]
    private static partial Regex ExactlyPassing();
}
