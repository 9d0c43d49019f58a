using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Tests.Reporting;

public class MarkdownReportWriterTests
{
    [Fact]
    public void Summary_row_counts_each_verdict_per_route()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(SampleReports.With(SampleReports.Passed, SampleReports.Failed));

        Assert.Contains("| behaviour-matrix | customer-service-route | 1 | 1 | 0 | 0 |", markdown);
    }

    [Fact]
    public void Remedies_section_lists_each_remedy_with_its_route()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(SampleReports.With(SampleReports.Failed));

        Assert.Contains("- **customer-service-route**: add spec.rules[].retry", markdown);
    }
}
