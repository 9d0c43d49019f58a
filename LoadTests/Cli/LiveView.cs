using System.Globalization;
using AmbientVerify.LoadTests.Engine;
using AmbientVerify.LoadTests.Reporting;
using Spectre.Console;

namespace AmbientVerify.LoadTests.Cli;

/// <summary>
/// Shows a run while it goes: a Spectre progress bar per scenario (elapsed of duration, current rps, ok/fail, last
/// error) on a terminal; on redirected output (CI, Aspire's console) one plain line every few seconds instead, since
/// redrawn bars would only fill the log with escape codes.
/// </summary>
public static class LiveView
{
    public static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(5);

    public static bool IsTerminal => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static async Task<LoadReport> RunAsync(Func<Action<LoadProgress>, Task<LoadReport>> run, IReadOnlyList<string> scenarios, IReadOnlyList<TimeSpan> durations)
    {
        if (!IsTerminal)
        {
            var last = DateTime.MinValue;
            return await run(progress =>
            {
                if (DateTime.UtcNow - last < PlainLineInterval - TimeSpan.FromMilliseconds(100))
                {
                    return;
                }

                last = DateTime.UtcNow;
                Console.WriteLine(PlainLine(progress));
            }).ConfigureAwait(false);
        }

        LoadReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = scenarios.Select((name, i) => context.AddTask(Markup.Escape(name), autoStart: false, maxValue: durations[i].TotalSeconds)).ToList();
                report = await run(progress =>
                {
                    var task = tasks[progress.ScenarioIndex];
                    if (!task.IsStarted)
                    {
                        for (var i = 0; i < progress.ScenarioIndex; i++)
                        {
                            tasks[i].Value = tasks[i].MaxValue;
                            tasks[i].StopTask();
                        }

                        task.StartTask();
                    }

                    task.Value = progress.Elapsed.TotalSeconds;
                    task.Description = Markup.Escape(Describe(progress));
                }).ConfigureAwait(false);
                foreach (var task in tasks.Where(t => t.IsStarted))
                {
                    task.StopTask();
                }
            }).ConfigureAwait(false);
        return report!;
    }

    public static string PlainLine(LoadProgress p) =>
        $"[{p.ScenarioIndex + 1}/{p.ScenarioCount}] {Describe(p)} {p.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s/" +
        $"{p.Duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s";

    private static string Describe(LoadProgress p) =>
        $"{p.Scenario}{(p.InWarmUp ? " (warm-up)" : "")} rps {p.CurrentRate.ToString("0", CultureInfo.InvariantCulture)} ok {p.Ok} fail {p.Fail}" +
        (p.LastFailure is { } f ? $" last {f}" : "");
}
