using System.Xml.Linq;
using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Tests.Reporting;

public class JUnitReportWriterTests
{
    private static XDocument Mixed(bool strict) =>
        // Round-trip through text: what CI reads must be well-formed XML.
        XDocument.Parse(JUnitReportWriter.ToXml(SampleReports.With(SampleReports.Passed, SampleReports.Failed, SampleReports.Gap, SampleReports.Errored), strict).ToString());

    private static string Attribute(XElement element, string name) => (string)element.Attribute(name)!;

    private static XElement Testcase(XDocument junit, string id) => junit.Descendants("testcase").Single(c => Attribute(c, "name") == id);

    private static string? Property(XElement testcase, string name) =>
        testcase.Element("properties")?.Elements("property").SingleOrDefault(p => Attribute(p, "name") == name) is { } property
            ? Attribute(property, "value")
            : null;

    [Fact]
    public void One_testsuite_per_check_and_subject()
    {
        var suites = Mixed(strict: false).Root!.Elements("testsuite").Select(s => Attribute(s, "name"));

        Assert.Equal(["behaviour-matrix: customer-service-route /api/customers…", "behaviour-matrix: order-service-route"], suites);
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
        var testcase = Testcase(Mixed(strict: false), "route-answers");

        Assert.Equal("could not look: connection refused", Attribute(testcase.Element("error")!, "message"));
    }

    [Fact]
    public void Gap_is_skipped_when_not_strict()
    {
        var testcase = Testcase(Mixed(strict: false), "reset-retried");

        Assert.NotNull(testcase.Element("skipped"));
    }

    [Fact]
    public void Gap_is_a_failure_when_strict()
    {
        var root = Mixed(strict: true).Root!;

        Assert.Equal(("2", "0"), (Attribute(root, "failures"), Attribute(root, "skipped")));
    }

    [Fact]
    public void Testcase_name_is_exactly_the_case_id_so_ci_history_survives_rewording()
    {
        var names = Mixed(strict: false).Descendants("testcase").Select(c => Attribute(c, "name"));

        Assert.Equal(["status-500-retried-until-success", "status-500-returned-after-retries", "reset-retried", "route-answers"], names);
    }

    [Fact]
    public void Testcase_classname_is_the_check_and_the_subject()
    {
        var testcase = Testcase(Mixed(strict: false), "reset-retried");

        Assert.Equal("behaviour-matrix.order-service-route", Attribute(testcase, "classname"));
    }

    [Fact]
    public void Testcase_carries_the_sentence_in_system_out_and_as_a_property()
    {
        var testcase = Testcase(Mixed(strict: false), "status-500-retried-until-success");

        Assert.Equal(("500 is retried until success", "500 is retried until success"), (testcase.Element("system-out")!.Value, Property(testcase, "case")));
    }

    [Fact]
    public void Testcase_properties_name_the_capability_and_the_subject()
    {
        var testcase = Testcase(Mixed(strict: false), "reset-retried");

        Assert.Equal(("retry-on-reset", "Route", "order-service-route"),
            (Property(testcase, "capability"), Property(testcase, "subject.kind"), Property(testcase, "subject.name")));
    }

    [Fact]
    public void Testcase_of_a_case_without_capability_has_no_capability_property()
    {
        var junit = JUnitReportWriter.ToXml(SampleReports.With(SampleReports.Captured), strict: false);

        var testcase = Testcase(junit, "pods-captured-by-ztunnel");
        Assert.Equal(("capture.Deployment ecommerce/cart", null), (Attribute(testcase, "classname"), Property(testcase, "capability")));
    }

    [Fact]
    public void Run_that_could_not_start_is_an_error_testcase()
    {
        var report = SampleReports.With() with { Problem = "gateway http://127.0.0.1:1/ is unreachable" };

        var root = JUnitReportWriter.ToXml(report, strict: false).Root!;

        Assert.Equal("1", Attribute(root, "errors"));
    }

    [Fact]
    public void A_routes_matrix_suite_says_which_expectations_its_cases_were_judged_by()
    {
        var junit = XDocument.Parse(JUnitReportWriter.ToXml(SampleReports.WithExpectations(SampleReports.Passed, SampleReports.Captured), strict: false).ToString());

        var suite = junit.Root!.Elements("testsuite").Single(s => Attribute(s, "name") == "behaviour-matrix: customer-service-route /api/customers…");
        Assert.Equal(("timeout 15s, retries 0, per-try 10s, retryOn 5xx,reset,connect-failure,refused-stream, tolerance 500ms", "expectations.yaml:4"),
            (Property(suite, "expectations"), Property(suite, "expectations.source")));
        var capture = junit.Root!.Elements("testsuite").Single(s => Attribute(s, "name").StartsWith("capture", StringComparison.Ordinal));
        Assert.Null(capture.Element("properties"));
    }
}
