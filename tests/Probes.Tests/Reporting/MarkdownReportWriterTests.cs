using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Tests.Reporting;

public class MarkdownReportWriterTests
{
    [Fact]
    public void Summary_row_counts_each_verdict_per_route()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(SampleReports.With(SampleReports.Passed, SampleReports.Failed));

        Assert.Contains("| behaviour-matrix | customer-service-route /api/customers… | 1 | 1 | 0 | 0 |", markdown);
    }

    [Fact]
    public void Remedies_section_lists_each_remedy_with_its_route()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(SampleReports.With(SampleReports.Failed));

        Assert.Contains("- **customer-service-route**: add spec.rules[].retry", markdown);
    }

    [Fact]
    public void Summary_names_its_column_subject()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(SampleReports.With(SampleReports.Captured));

        Assert.Contains("| check | subject | pass | fail | gap | error |", markdown);
        Assert.Contains("| capture | Deployment ecommerce/cart | 1 | 0 | 0 | 0 |", markdown);
    }

    [Fact]
    public void Case_row_shows_the_id_the_sentence_and_the_capability()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(SampleReports.With(SampleReports.Failed));

        Assert.Contains("| `status-500-returned-after-retries` | 500 is returned after the retries run out | retry-on-status | fail |", markdown);
    }

    [Fact]
    public void Expectations_section_lists_each_route_with_its_values_and_source()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(SampleReports.WithExpectations(SampleReports.Passed));

        Assert.Contains("- expectations file: expectations.yaml", markdown);
        Assert.Contains("| customer-service-route | timeout 15s, retries 0, per-try 10s, retryOn 5xx,reset,connect-failure,refused-stream, tolerance 500ms | expectations.yaml:4 |", markdown);
        Assert.Contains("| order-service-route | timeout 30s, retries 3, per-try 10s, retryOn 5xx,reset,connect-failure,refused-stream, tolerance 500ms | plan default |", markdown);
    }
}
