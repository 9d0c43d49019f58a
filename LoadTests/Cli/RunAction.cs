using AmbientVerify.LoadTests.Engine;
using AmbientVerify.LoadTests.Limits;
using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.LoadTests.Scenarios;
using AmbientVerify.LoadTests.Telemetry;
using AmbientVerify.LoadTests.Snapshots;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Running;
using Spectre.Console;

namespace AmbientVerify.LoadTests.Cli;

/// <summary>
/// The run, in its phases: routes from the manifests → plan → limits → readiness → live run (with the snapshot's
/// sampling beside it) → reports → snapshot → exit code.
/// </summary>
public static class RunAction
{
    public static async Task<int> RunAsync(LoadSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        LoadReport report;
        LocalSnapshot? snapshot = null;
        // Readiness and the processes' /__process: loopback admin endpoints of the mesh, never the gateway's traffic port.
        using var admin = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var targets = ManifestTargets.Load(settings.ManifestsDirectory, settings.GatewayName);
            var plan = PlanBuilder.Build(settings, targets);
            LoadPlanValidator.ThrowIfRefused(plan, settings.Gateway, settings.Limits);
            Console.WriteLine($"load: {targets.Gateway} from {targets.Directory}: {targets.Targets.Count} routes" +
                              (targets.Skipped.Count > 0 ? $" ({targets.Skipped.Count} without a request left out)" : "") +
                              $"; {plan.Scenarios.Count} scenario(s), {plan.Duration.TotalSeconds:0}s in all, against {settings.Gateway}");
            if (settings.WaitReady.Count > 0
                && await new ReadinessWait(admin, TimeProvider.System).WaitAsync(new ReadinessOptions { Urls = settings.WaitReady }, cancellationToken).ConfigureAwait(false) is { } notReady)
            {
                await error.WriteLineAsync($"load: the target is not ready, nothing was sent: {notReady}").ConfigureAwait(false);
                return LoadExitCode.RefusedOrInterrupted;
            }

            snapshot = settings.Snapshot ? LocalSnapshot.Start(settings, admin, cancellationToken) : null;
            var options = new LoadRunOptions { Limits = settings.Limits };
            report = await LiveView.RunAsync(
                progress => LoadRunner.RunAsync(plan, settings.Gateway, options with { Progress = progress }, cancellationToken),
                [.. plan.Scenarios.Select(s => s.Name)], [.. plan.Scenarios.Select(s => s.Duration)]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ManifestException or LoadPlanRefusedException)
        {
            var lines = e is LoadPlanRefusedException refused ? refused.Errors : [e.Message];
            await error.WriteLineAsync("load: refused: " + string.Join(Environment.NewLine + "load: refused: ", lines)).ConfigureAwait(false);
            return LoadExitCode.RefusedOrInterrupted;
        }

        var json = LoadReportFile.Write(report, settings.OutputDirectory);
        var snapshotProblems = false;
        if (snapshot is not null)
        {
            var (path, problems) = await snapshot.FinishAsync(json, settings.OutputDirectory).ConfigureAwait(false);
            snapshotProblems = problems.Count > 0;
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"load: snapshot: not sampled: {problem}").ConfigureAwait(false);
            }

            Console.WriteLine($"resource snapshot ({settings.Mode}) written to {Path.GetFullPath(path)}");
        }

        if (!LiveView.IsTerminal)
        {
            // Redirected output has no width; Spectre would assume 80 columns and wrap every figure.
            AnsiConsole.Profile.Width = 200;
        }

        AnsiConsole.Write(ConsoleReport.Render(report));
        if (LoadMetricsExport.ExportIfConfigured(report) is { } exported)
        {
            Console.WriteLine(exported);
        }

        // A snapshot that could not sample a process cannot be compared honestly: that is an error, not a figure.
        var exit = report.Interrupted || snapshotProblems ? LoadExitCode.RefusedOrInterrupted
            : report.Scenarios.Any(s => s.Fail > 0) ? LoadExitCode.SomeFailed : LoadExitCode.Ok;
        Console.WriteLine($"reports written to {Path.GetDirectoryName(Path.GetFullPath(json))}{(report.Interrupted ? " (interrupted: partial)" : "")}; exit code {exit}");
        return exit;
    }
}
