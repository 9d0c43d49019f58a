using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Verdicts;
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

    [Fact]
    public void Each_route_with_its_own_expectations_gets_a_line_naming_where_they_came_from()
    {
        var summary = ConsoleSummary.Render(SampleReports.WithExpectations(SampleReports.Passed));

        Assert.Contains("expected customer-service-route: timeout 15s, retries 0, per-try 10s, retryOn 5xx,reset,connect-failure,refused-stream, tolerance 500ms (expectations.yaml:4)", summary);
        Assert.Contains("expected order-service-route: timeout 30s, retries 3,", summary);
    }

    [Fact]
    public void Routes_all_on_the_plan_share_one_line()
    {
        var report = SampleReports.WithExpectations(SampleReports.Passed) with
        {
            Expectations = [new(Subject.Route("a"), RouteExpectations.Plan(new())), new(Subject.Route("b"), RouteExpectations.Plan(new()))],
        };

        var lines = ConsoleSummary.Render(report).Split(Environment.NewLine).Where(l => l.StartsWith("expected", StringComparison.Ordinal)).ToList();

        Assert.Equal(["expected: timeout 30s, retries 3, per-try 10s, retryOn 5xx,reset,connect-failure,refused-stream, tolerance 500ms (plan default, every route)"], lines);
    }
}
