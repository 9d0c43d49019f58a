using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.AppHost;

/// <summary>
/// `--gate`: start everything, wait for the Probes gate to exit, stop everything, and hand back its exit code.
/// Any other resource that dies first (a stand-in or the gateway failing to start) ends the gate with 2, since
/// the probes would otherwise wait for it forever.
/// </summary>
public static class GateRun
{
    /// <summary>A gate that has not finished by then is stuck (the matrix itself takes about 35 s).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(DistributedApplication app, LocalTarget target, string outputDirectory)
    {
        var started = DateTime.UtcNow;
        Console.WriteLine($"ambientverify gate: {target.StandIns.Count} stand-in services from {target.ManifestDirectory} (expect {target.ExpectedMode})");
        var exitCode = await RunToExitAsync(app, target, LocalTarget.ProbesResourceName, Deadline, "ambientverify gate",
            $"no verdict within {Deadline.TotalMinutes:0} minutes");
        PrintSummary(outputDirectory, exitCode, started);
        return exitCode;
    }

    /// <summary>
    /// The run of one app, for the gate and each side of <c>--compare</c>: start everything, wait for
    /// <paramref name="driver"/> to exit and hand back its exit code, then stop everything and remove the mesh CA.
    /// Ctrl+C / SIGTERM, the deadline, or the orchestrator stopping first give 2, said on stderr after <paramref name="prefix"/>.
    /// </summary>
    public static async Task<int> RunToExitAsync(DistributedApplication app, LocalTarget target, string driver, TimeSpan deadlineAfter, string prefix, string late)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        deadline.CancelAfter(deadlineAfter);
        try
        {
            await app.StartAsync(deadline.Token);
            var exitCode = await WaitForExitAsync(app, driver, deadline.Token);
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                throw new OperationCanceledException(lifetime.ApplicationStopping);
            }

            return exitCode;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine(
                lifetime.ApplicationStopping.IsCancellationRequested ? $"{prefix}: interrupted; stopping every resource it started."
                : deadline.IsCancellationRequested ? $"{prefix}: {late}; stopping."
                : $"{prefix}: the orchestrator stopped before {driver} finished; stopping every resource it started.");
            return GateExitCodes.CouldNotRun;
        }
        finally
        {
            // Stopping the app stops every process it started (stand-ins, gateway, the driver): nothing is left behind.
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(stopTimeout.Token);
            target.RemoveMeshCa();
        }
    }

    /// <summary>Waits for the resource <paramref name="driver"/> (the probes, the load) to exit and returns its exit code (2 if anything else died first).</summary>
    public static async Task<int> WaitForExitAsync(DistributedApplication app, string driver, CancellationToken cancellationToken)
    {
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await foreach (var resourceEvent in notifications.WatchAsync(cancellationToken))
        {
            var state = resourceEvent.Snapshot.State?.Text;
            if (state is null || !KnownResourceStates.TerminalStates.Contains(state))
            {
                continue;
            }

            // On Ctrl+C the orchestrator stops the probes too, and a gracefully stopped process exits 0: that
            // is an interruption, not a verdict.
            cancellationToken.ThrowIfCancellationRequested();
            var name = resourceEvent.Resource.Name;
            if (name == driver)
            {
                return resourceEvent.Snapshot.ExitCode ?? GateExitCodes.CouldNotRun;
            }

            Console.Error.WriteLine($"ambientverify gate: resource '{name}' ended ({state}, exit code " +
                $"{resourceEvent.Snapshot.ExitCode?.ToString() ?? "none"}) before {driver} finished; see its log above.");
            return GateExitCodes.CouldNotRun;
        }

        return GateExitCodes.CouldNotRun;
    }

    /// <summary>The probes' summary and the verdict; reports are named only when this run wrote them (not a stale folder).</summary>
    private static void PrintSummary(string outputDirectory, int exitCode, DateTime startedUtc)
    {
        bool WrittenByThisRun(string file) => File.Exists(file) && File.GetLastWriteTimeUtc(file) >= startedUtc;

        var summary = Path.Combine(outputDirectory, "summary.txt");
        if (WrittenByThisRun(summary))
        {
            Console.WriteLine(File.ReadAllText(summary));
        }

        var verdict = exitCode switch
        {
            GateExitCodes.Passed => "PASSED",
            GateExitCodes.Failed => "FAILED (a case failed)",
            _ => "ERROR (a case could not be decided, or the run could not start)",
        };
        var reports = WrittenByThisRun(Path.Combine(outputDirectory, "report.json"))
            ? $"reports in {outputDirectory}"
            : "no report was written (the reason is above)";
        Console.WriteLine($"ambientverify gate: {verdict}; exit code {exitCode}; {reports}");
    }
}
