using System.Text;

namespace AmbientVerify.LoadTests.Reporting;

/// <summary>load.md: the run in a few lines, one table row per scenario, then each scenario's steps.</summary>
public static class MarkdownReport
{
    public const string TableHeader = "| scenario | model | requests | ok | fail | rps | p50 ms | p75 ms | p95 ms | p99 ms | p99.9 ms | max ms | received | statuses |";

    public static string Render(LoadReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("# Load test");
        text.AppendLine();
        text.AppendLine($"Gateway `{report.Gateway}`, mode `{report.Mode}`, measured {report.StartedUtc:u} – {report.EndedUtc:u}" +
                        (report.Interrupted ? " — **interrupted**: the figures cover what ran." : "."));
        text.AppendLine();
        text.AppendLine(TableHeader);
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in report.Scenarios)
        {
            text.AppendLine(Row(s.Name + (s.Interrupted ? " (interrupted)" : ""), s.Model, s.Requests, s.Ok, s.Fail, s.RequestsPerSecond, s.Latency, s.BytesReceived, s.StatusCodes));
        }

        foreach (var s in report.Scenarios.Where(s => s.SendLag is { LateSends: > 0 }))
        {
            text.AppendLine();
            text.AppendLine($"{s.Name}: {s.SendLag!.LateSends} sends left 10 ms or more after their intended time (at most {ReportText.Number(s.SendLag.MaxMs)} ms): " +
                            "the latency counts from the intended time, so it includes that wait.");
        }

        foreach (var s in report.Scenarios.Where(s => s.Steps.Count > 1))
        {
            text.AppendLine();
            text.AppendLine($"## {s.Name}: steps");
            text.AppendLine();
            text.AppendLine("| step | weight | requests | ok | fail | p50 ms | p99 ms | max ms | statuses |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var step in s.Steps)
            {
                text.AppendLine($"| {step.Name} | {step.Weight} | {step.Requests} | {step.Ok} | {step.Fail} | {ReportText.Number(step.Latency.P50Ms)} | " +
                                $"{ReportText.Number(step.Latency.P99Ms)} | {ReportText.Number(step.Latency.MaxMs)} | {ReportText.Statuses(step.StatusCodes)} |");
            }
        }

        return text.ToString();
    }

    private static string Row(string name, string model, long requests, long ok, long fail, double rps, LatencyStats l, long received, IEnumerable<StatusCount> statuses) =>
        $"| {name} | {model} | {requests} | {ok} | {fail} | {ReportText.Number(rps, "0.0")} | {ReportText.Number(l.P50Ms)} | {ReportText.Number(l.P75Ms)} | " +
        $"{ReportText.Number(l.P95Ms)} | {ReportText.Number(l.P99Ms)} | {ReportText.Number(l.P999Ms)} | {ReportText.Number(l.MaxMs)} | {ReportText.Bytes(received)} | {ReportText.Statuses(statuses)} |";
}
