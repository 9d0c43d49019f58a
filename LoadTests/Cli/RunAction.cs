using AmbientVerify.LoadTests.Engine;
using AmbientVerify.LoadTests.Limits;
using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.LoadTests.Scenarios;
using AmbientVerify.LoadTests.Telemetry;
using AmbientVerify.Manifests;
using Spectre.Console;

namespace AmbientVerify.LoadTests.Cli;

/// <summary>The run, in its phases: routes from the manifests → plan → limits → live run → reports → exit code.</summary>
public static class RunAction
{
    public static async Task<int> RunAsync(LoadSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        LoadReport report;
        try
        {
            var targets = ManifestTargets.Load(settings.ManifestsDirectory, settings.GatewayName);
            var plan = PlanBuilder.Build(settings, targets);
            LoadPlanValidator.ThrowIfRefused(plan, settings.Gateway, settings.Limits);
            Console.WriteLine($"load: {targets.Gateway} from {targets.Directory}: {targets.Targets.Count} routes" +
                              (targets.Skipped.Count > 0 ? $" ({targets.Skipped.Count} without a request left out)" : "") +
                              $"; {plan.Scenarios.Count} scenario(s), {plan.Duration.TotalSeconds:0}s in all, against {settings.Gateway}");
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

        var exit = report.Interrupted ? LoadExitCode.RefusedOrInterrupted
            : report.Scenarios.Any(s => s.Fail > 0) ? LoadExitCode.SomeFailed : LoadExitCode.Ok;
        Console.WriteLine($"reports written to {Path.GetDirectoryName(Path.GetFullPath(json))}{(report.Interrupted ? " (interrupted: partial)" : "")}; exit code {exit}");
        return exit;
    }
}
