using System.CommandLine;
using AmbientVerify.Probes.Reporting;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// How <c>gate</c> and <c>audit</c> end, spelled once: <c>--output</c>, <c>--strict</c> and <c>--pushgateway</c>, then
/// the report files, the console summary, the push, and the exit code (0 passed, 1 a fail or a gap under --strict,
/// 2 an error or a run that could not start).
/// </summary>
internal sealed class VerdictOutput(string verb, string pushJob)
{
    public Option<string?> Output { get; } = new("--output") { Description = "Directory for report.json, junit.xml, report.md, metrics.prom (default artifacts)" };

    public Option<bool> Strict { get; } = new("--strict") { Description = "Count gaps as failures" };

    public PushgatewayOption Pushgateway { get; } = new(verb, pushJob);

    public void AddTo(Command command)
    {
        command.Add(Output);
        command.Add(Strict);
        Pushgateway.AddTo(command);
    }

    /// <summary>
    /// Writes the reports (not on the run's token: an interrupted run still says what it did), prints the summary,
    /// pushes the metrics when asked, and gives the exit code.
    /// </summary>
    public async Task<int> FinishAsync(ParseResult parsed, IConfiguration configuration, RunReport report)
    {
        var strict = parsed.GetValue(Strict) || bool.TryParse(configuration["Probes:Strict"], out var s) && s;
        var directory = ProbeOptions.Read(parsed, Output, configuration, "Output") ?? "artifacts";
        await ReportFiles.WriteAsync(report, directory, strict, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine(ConsoleSummary.Render(report));
        var exitCode = GateExitCode.For(report, strict);
        Console.WriteLine($"reports written to {Path.GetFullPath(directory)}; exit code {exitCode}");
        await Pushgateway.PushAsync(parsed, configuration, report, directory, CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }
}
