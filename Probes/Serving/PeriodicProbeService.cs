using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Telemetry;

namespace AmbientVerify.Probes.Serving;

/// <summary>Runs the checks at start and then every interval; keeps the last report, records metrics, prints the summary.</summary>
public sealed class PeriodicProbeService(
    RunSettings settings,
    ServeOptions serveOptions,
    ProbeRun run,
    LastReport last,
    ProbeMetrics metrics,
    TimeProvider time,
    ILogger<PeriodicProbeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(serveOptions.Interval, time);
        do
        {
            var report = await run.ExecuteAsync(settings, stoppingToken).ConfigureAwait(false);
            last.Set(report);
            metrics.Record(report);
            Console.WriteLine(ConsoleSummary.Render(report));
            logger.LogInformation("Run finished: exit code would be {ExitCode}; next run in {Interval}", GateExitCode.For(report, strict: false), serveOptions.Interval);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
