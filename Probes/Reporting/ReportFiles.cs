using AmbientVerify.Probes.Telemetry;

namespace AmbientVerify.Probes.Reporting;

/// <summary>
/// Writes report.json, junit.xml, report.md, summary.txt (the console table, which the AppHost prints after
/// a gate because a resource's own console is not the user's) and metrics.prom (the run's metrics as Prometheus text,
/// <see cref="RunExposition"/>, for a Pushgateway or a node exporter's textfile collector) into one directory.
/// </summary>
public static class ReportFiles
{
    public const string Json = "report.json";
    public const string JUnit = "junit.xml";
    public const string Markdown = "report.md";
    public const string Summary = "summary.txt";
    public const string Metrics = RunExposition.FileName;

    public static async Task WriteAsync(RunReport report, string directory, bool strict, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, Json), JsonReportWriter.ToJson(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Markdown), MarkdownReportWriter.ToMarkdown(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, HtmlReportWriter.FileName), HtmlReportWriter.ToHtml(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Summary), ConsoleSummary.Render(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, Metrics), RunExposition.Render(report, GateExitCode.For(report, strict)), cancellationToken).ConfigureAwait(false);
        await using var junit = File.Create(Path.Combine(directory, JUnit));
        await JUnitReportWriter.ToXml(report, strict).SaveAsync(junit, System.Xml.Linq.SaveOptions.None, cancellationToken).ConfigureAwait(false);
    }
}
