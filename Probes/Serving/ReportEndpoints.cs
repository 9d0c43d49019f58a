using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Serving;

/// <summary>GET /report (report.json) and GET /report.md of the last run; 503 until the first run ends.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/report", (LastReport last) => last.Current is { } report
            ? Results.Text(JsonReportWriter.ToJson(report), "application/json")
            : NotYet());
        app.MapGet("/report.md", (LastReport last) => last.Current is { } report
            ? Results.Text(MarkdownReportWriter.ToMarkdown(report), "text/markdown; charset=utf-8")
            : NotYet());
        return app;
    }

    private static IResult NotYet() => Results.Problem("the first run has not finished yet", statusCode: StatusCodes.Status503ServiceUnavailable);
}
