using System.Xml.Linq;
using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Tests.Reporting;

public class JUnitReportWriterTests
{
    private static XDocument Mixed(bool strict) =>
        // Round-trip through text: what CI reads must be well-formed XML.
        XDocument.Parse(JUnitReportWriter.ToXml(SampleReports.With(SampleReports.Passed, SampleReports.Failed, SampleReports.Gap, SampleReports.Errored), strict).ToString());

    private static string Attribute(XElement element, string name) => (string)element.Attribute(name)!;

    [Fact]
    public void One_testsuite_per_check_and_route()
    {
        var suites = Mixed(strict: false).Root!.Elements("testsuite").Select(s => Attribute(s, "name"));

        Assert.Equal(["behaviour-matrix: customer-service-route", "behaviour-matrix: order-service-route"], suites);
    }

    [Fact]
    public void Root_counts_tests_failures_errors_and_skipped()
    {
        var root = Mixed(strict: false).Root!;

        Assert.Equal(("4", "1", "1", "1"), (Attribute(root, "tests"), Attribute(root, "failures"), Attribute(root, "errors"), Attribute(root, "skipped")));
    }

    [Fact]
    public void Failed_case_has_a_failure_with_the_message()
    {
        var failure = Mixed(strict: false).Descendants("failure").Single();

        Assert.StartsWith("expected status 500", Attribute(failure, "message"));
    }

    [Fact]
    public void Errored_case_has_an_error_element()
    {
        var testcase = Mixed(strict: false).Descendants("testcase").Single(c => Attribute(c, "name") == "route answers through the gateway");

        Assert.Equal("could not look: connection refused", Attribute(testcase.Element("error")!, "message"));
    }

    [Fact]
    public void Gap_is_skipped_when_not_strict()
    {
        var testcase = Mixed(strict: false).Descendants("testcase").Single(c => Attribute(c, "name") == "a reset is retried");

        Assert.NotNull(testcase.Element("skipped"));
    }

    [Fact]
    public void Gap_is_a_failure_when_strict()
    {
        var root = Mixed(strict: true).Root!;

        Assert.Equal(("2", "0"), (Attribute(root, "failures"), Attribute(root, "skipped")));
    }

    [Fact]
    public void Run_that_could_not_start_is_an_error_testcase()
    {
        var report = SampleReports.With() with { Problem = "gateway http://127.0.0.1:1/ is unreachable" };

        var root = JUnitReportWriter.ToXml(report, strict: false).Root!;

        Assert.Equal("1", Attribute(root, "errors"));
    }
}
