using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Tests.Reporting;

public class ConsoleSummaryTests
{
    [Fact]
    public void Table_has_one_row_per_check_and_subject()
    {
        var summary = ConsoleSummary.Render(SampleReports.With(SampleReports.Passed, SampleReports.Captured));

        Assert.Contains(summary.Split(Environment.NewLine), line => line.StartsWith("capture           Deployment ecommerce/cart", StringComparison.Ordinal));
    }

    [Fact]
    public void Case_that_did_not_pass_shows_its_subject_id_sentence_and_message()
    {
        var summary = ConsoleSummary.Render(SampleReports.With(SampleReports.Failed));

        Assert.Contains(
            "FAIL  customer-service-route /api/customers…: status-500-returned-after-retries (500 is returned after the retries run out): expected status 500",
            summary);
    }
}
