using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Telemetry;

namespace AmbientVerify.Probes.Serving;

/// <summary>
/// Runs the checks at start and then every interval (between two starts), or sooner when asked (<see cref="RunNowTrigger"/>);
/// keeps the last report, records metrics, prints the summary.
/// </summary>
public sealed class PeriodicProbeService(
    RunSettings settings,
    ServeOptions serveOptions,
    ProbeRun run,
    LastReport last,
    ProbeMetrics metrics,
    RunNowTrigger trigger,
    TimeProvider time,
    ILogger<PeriodicProbeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            var started = time.GetUtcNow();
            trigger.RunStarted();
            RunReport report;
            try
            {
                report = await run.ExecuteAsync(settings, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                trigger.RunEnded();
            }

            last.Set(report);
            metrics.Record(report);
            Console.WriteLine(ConsoleSummary.Render(report));
            ProbeLog.PeriodicRunFinished(logger, VerdictSummary.Of(report).Text, GateExitCode.For(report, strict: false), serveOptions.Interval);

            // A run longer than the interval is followed by the next at once, as a PeriodicTimer's missed tick was.
            var untilNext = started + serveOptions.Interval - time.GetUtcNow();
            await trigger.WaitAsync(untilNext > TimeSpan.Zero ? untilNext : TimeSpan.Zero, stoppingToken).ConfigureAwait(false);
        }
    }
}
