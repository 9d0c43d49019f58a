using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.LoadTests.Tests.TestSupport;

namespace AmbientVerify.LoadTests.Tests.Reporting;

public sealed class MarkdownReportTests
{
    [Fact]
    public void The_markdown_has_the_scenario_table_with_its_figures()
    {
        var markdown = MarkdownReport.Render(Reports.Sample());

        Assert.Contains(MarkdownReport.TableHeader, markdown);
        Assert.Contains("| shop | open | 12000 | 11990 | 10 | 200.0 | 1.1 | 1.4 | 2.5 | 7.25 | 880 | 900 | 23.44 KiB | 200×11990 503×8 error:timeout×2 |", markdown);
        Assert.Contains("| product-service-route | 40 | 9600 | 9595 | 5 | 1.1 | 7.25 | 900 | 200×9595 503×5 |", markdown);
    }

    [Fact]
    public void An_interrupted_run_says_so()
    {
        var markdown = MarkdownReport.Render(Reports.Sample(interrupted: true));

        Assert.Contains("**interrupted**", markdown);
        Assert.Contains("| shop (interrupted) |", markdown);
    }
}
