using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.AppHost;

/// <summary>
/// Copies the Probes resource's console (its summary table after every run) into the AppHost's console, so QA
/// sees the verdicts where they typed `dotnet run` without opening the dashboard. Other resources stay quiet (a
/// comparison echoes its load resource instead: its progress and results).
/// A gate copies only what the probes report as errors (a setting they refuse, a target that is not ready): the
/// verdicts come from the report files, and the reason a run could not start must not stay in a log nobody sees.
/// </summary>
public static partial class ProbesConsoleEcho
{
    public static void Start(DistributedApplication app, bool errorsOnly = false) => Start(app, LocalTarget.ProbesResourceName, errorsOnly);

    /// <summary>Echoes resource <paramref name="resourceName"/>, each line prefixed with its name.</summary>
    public static void Start(DistributedApplication app, string resourceName, bool errorsOnly = false)
    {
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                // Logs are kept per running instance (its resource id, e.g. "probes-x2k9"), not per resource name.
                var started = await notifications.WaitForResourceAsync(resourceName,
                    e => e.Snapshot.State?.Text is { } state
                         && (state == KnownResourceStates.Running || KnownResourceStates.TerminalStates.Contains(state)), stopping);
                await foreach (var batch in logs.WatchAsync(started.ResourceId).WithCancellation(stopping))
                {
                    foreach (var line in batch.Where(l => !errorsOnly || IsError(l)).Select(l => Readable(l.Content)).Where(l => l is not null))
                    {
                        (errorsOnly ? Console.Error : Console.Out).WriteLine($"[{resourceName}] {line}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The app is stopping.
            }
        }, stopping);
    }

    /// <summary>Written to stderr, or logged at error level or above by the probes' console logger.</summary>
    public static bool IsError(LogLine line) =>
        line.IsErrorMessage || ErrorLogLevel().IsMatch(AnsiEscape().Replace(TimestampPrefix().Replace(line.Content, ""), ""));

    /// <summary>The line without the orchestrator's timestamp and colour codes; null for orchestration chatter.</summary>
    public static string? Readable(string content)
    {
        var text = AnsiEscape().Replace(TimestampPrefix().Replace(content, ""), "");
        return OrchestrationChatter().IsMatch(text) ? null : text;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\S+Z ")]
    private static partial Regex TimestampPrefix();

    [GeneratedRegex(@"^(fail|crit): ")]
    private static partial Regex ErrorLogLevel();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"^(\[sys\]|Waiting for resource|Finished waiting for resource|No custom certificate)")]
    private static partial Regex OrchestrationChatter();
}
