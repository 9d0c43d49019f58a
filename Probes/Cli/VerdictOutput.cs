using System.CommandLine;
using AmbientVerify.Probes.Reporting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// How <c>gate</c> and <c>audit</c> end, spelled once: <c>--output</c>, <c>--strict</c> and <c>--pushgateway</c>, then
/// the report files, the console summary, the push, and the exit code (0 passed, 1 a fail or a gap under --strict,
/// 2 an error, a run that could not start, or reports that could not be written).
/// </summary>
internal sealed class VerdictOutput(string verb, string pushJob)
{
    public Option<string?> Output { get; } = new("--output") { Description = "Directory for report.json, junit.xml, report.md, report.html, summary.txt, metrics.prom (default artifacts)" };

    public Option<bool> Strict { get; } = new("--strict") { Description = "Count gaps as failures" };

    public PushgatewayOption Pushgateway { get; } = new(verb, pushJob);

    public void AddTo(Command command)
    {
        command.Add(Output);
        command.Add(Strict);
        Pushgateway.AddTo(command);
    }

    /// <summary>
    /// Writes the reports (not on the run's token: an interrupted run still says what it did) and logs where, prints the
    /// summary, pushes the metrics when asked, and gives the exit code. Reports that could not be written make it 2 and
    /// skip the push (it sends the metrics.prom just written): a pipeline must not pass on verdicts no file holds.
    /// </summary>
    public async Task<int> FinishAsync(ParseResult parsed, IConfiguration configuration, RunReport report, ILogger logger)
    {
        var strict = parsed.GetValue(Strict) || bool.TryParse(configuration["Probes:Strict"], out var s) && s;
        var directory = ProbeOptions.Read(parsed, Output, configuration, "Output") ?? "artifacts";
        var written = await ReportFiles.WriteAsync(report, directory, strict, logger, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine(ConsoleSummary.Render(report));
        var exitCode = written ? GateExitCode.For(report, strict) : GateExitCode.Error;
        Console.WriteLine(written ? $"reports written to {Path.GetFullPath(directory)}; exit code {exitCode}" : $"reports NOT written to {Path.GetFullPath(directory)}; exit code {exitCode}");
        if (written)
        {
            await Pushgateway.PushAsync(parsed, configuration, report, directory, CancellationToken.None).ConfigureAwait(false);
        }

        return exitCode;
    }
}
