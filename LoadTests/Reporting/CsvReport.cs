using System.Text;

namespace AmbientVerify.LoadTests.Reporting;

/// <summary>load.csv: one row per scenario (step empty) and per step, RFC 4180 quoting, invariant numbers.</summary>
public static class CsvReport
{
    public const string Header =
        "scenario,step,model,weight,requests,ok,fail,rps,bytes_received,bytes_sent,min_ms,mean_ms,p50_ms,p75_ms,p95_ms,p99_ms,p999_ms,max_ms,statuses";

    public static string Render(LoadReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(Header);
        foreach (var s in report.Scenarios)
        {
            text.AppendLine(Row(s.Name, "", s.Model, "", s.Requests, s.Ok, s.Fail, ReportText.Number(s.RequestsPerSecond), s.BytesReceived, s.BytesSent, s.Latency, s.StatusCodes));
            foreach (var step in s.Steps)
            {
                text.AppendLine(Row(s.Name, step.Name, s.Model, ReportText.Number(step.Weight), step.Requests, step.Ok, step.Fail, "", step.BytesReceived, step.BytesSent, step.Latency, step.StatusCodes));
            }
        }

        return text.ToString();
    }

    private static string Row(string scenario, string step, string model, string weight, long requests, long ok, long fail, string rps,
        long received, long sent, LatencyStats l, IEnumerable<StatusCount> statuses) =>
        string.Join(",", Quote(scenario), Quote(step), model, weight, requests, ok, fail, rps, received, sent,
            ReportText.Number(l.MinMs, "0.###"), ReportText.Number(l.MeanMs, "0.###"), ReportText.Number(l.P50Ms, "0.###"), ReportText.Number(l.P75Ms, "0.###"),
            ReportText.Number(l.P95Ms, "0.###"), ReportText.Number(l.P99Ms, "0.###"), ReportText.Number(l.P999Ms, "0.###"), ReportText.Number(l.MaxMs, "0.###"),
            Quote(ReportText.Statuses(statuses)));

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
