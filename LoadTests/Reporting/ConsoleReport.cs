using Spectre.Console;

namespace AmbientVerify.LoadTests.Reporting;

/// <summary>The summary table printed at the end of a run (Spectre.Console; plain text when the output is redirected).</summary>
public static class ConsoleReport
{
    public static Table Render(LoadReport report)
    {
        var table = new Table().Title($"load test: {report.Gateway} (mode {report.Mode}){(report.Interrupted ? " [red]interrupted[/]" : "")}");
        foreach (var column in new[] { "scenario", "model", "requests", "ok", "fail", "rps", "p50 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms", "statuses" })
        {
            table.AddColumn(new TableColumn(column));
        }

        foreach (var s in report.Scenarios)
        {
            table.AddRow(
                Markup.Escape(s.Name), s.Model, ReportText.Number(s.Requests), ReportText.Number(s.Ok),
                s.Fail > 0 ? $"[red]{s.Fail}[/]" : "0", ReportText.Number(s.RequestsPerSecond, "0.0"),
                ReportText.Number(s.Latency.P50Ms), ReportText.Number(s.Latency.P95Ms), ReportText.Number(s.Latency.P99Ms),
                ReportText.Number(s.Latency.P999Ms), ReportText.Number(s.Latency.MaxMs), Markup.Escape(ReportText.Statuses(s.StatusCodes)));
        }

        return table;
    }
}
