using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Serving;

/// <summary>
/// GET / (report.html), GET /report (report.json) and GET /report.md of the last run; until the first run ends, / shows a
/// "no run yet" page and the others answer 503. GET /summary: the last run in one line (<see cref="VerdictSummary"/>),
/// "first run…" before it ends.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (LastReport last) => Results.Content(last.Current is { } report
            ? HtmlReportWriter.ToHtml(report)
            : "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\"><title>AmbientVerify</title></head><body><p>No run yet: the first run has not finished.</p></body></html>",
            "text/html; charset=utf-8"));
        app.MapGet("/report", (LastReport last) => last.Current is { } report
            ? Results.Text(JsonReportWriter.ToJson(report), "application/json")
            : NotYet());
        app.MapGet("/report.md", (LastReport last) => last.Current is { } report
            ? Results.Text(MarkdownReportWriter.ToMarkdown(report), "text/markdown; charset=utf-8")
            : NotYet());
        app.MapGet(SummaryPath, (LastReport last) => Results.Json(VerdictSummary.Of(last.Current), VerdictSummaryJson.Default.VerdictSummary));
        return app;
    }

    public const string SummaryPath = "/summary";

    private static IResult NotYet() => Results.Problem("the first run has not finished yet", statusCode: StatusCodes.Status503ServiceUnavailable);
}
