using AmbientVerify.Probes.Telemetry;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Reporting;

/// <summary>
/// Writes report.json, junit.xml, report.md, report.html, summary.txt (the console table, which the AppHost prints
/// after a gate because a resource's own console is not the user's) and metrics.prom (the run's metrics as Prometheus
/// text, <see cref="RunExposition"/>, for a Pushgateway or a node exporter's textfile collector) into one directory.
/// </summary>
public static class ReportFiles
{
    public const string Json = "report.json";
    public const string JUnit = "junit.xml";
    public const string Markdown = "report.md";
    public const string Html = HtmlReportWriter.FileName;
    public const string Summary = "summary.txt";
    public const string Metrics = RunExposition.FileName;

    /// <summary>Every file <see cref="WriteAsync(RunReport, string, bool, CancellationToken)"/> writes, in the order it writes them.</summary>
    public static readonly IReadOnlyList<string> Names = [Json, Markdown, Html, Summary, Metrics, JUnit];

    public static async Task WriteAsync(RunReport report, string directory, bool strict, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, Json), JsonReportWriter.ToJson(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Markdown), MarkdownReportWriter.ToMarkdown(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Html), HtmlReportWriter.ToHtml(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Summary), ConsoleSummary.Render(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Metrics), RunExposition.Render(report, GateExitCode.For(report, strict)), cancellationToken).ConfigureAwait(false);
        await using var junit = File.Create(Path.Combine(directory, JUnit));
        await JUnitReportWriter.ToXml(report, strict).SaveAsync(junit, System.Xml.Linq.SaveOptions.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the files and logs where (<see cref="ProbeLog.ReportsWritten"/>), or logs why not
    /// (<see cref="ProbeLog.ReportWriteFailed"/>: a folder that cannot be created or written, a full disk) and returns
    /// false instead of throwing, so a gate whose checks ran still prints its summary and exits with a code.
    /// </summary>
    public static async Task<bool> WriteAsync(RunReport report, string directory, bool strict, ILogger logger, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(directory);
        try
        {
            await WriteAsync(report, folder, strict, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ProbeLog.ReportWriteFailed(logger, folder, e.Message);
            return false;
        }

        ProbeLog.ReportsWritten(logger, folder, string.Join(", ", Names));
        return true;
    }
}
