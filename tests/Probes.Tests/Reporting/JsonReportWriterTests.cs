using System.Text.Json;
using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Tests.Reporting;

public class JsonReportWriterTests
{
    private static JsonElement Write(params AmbientVerify.Probes.Verdicts.CheckResult[] results) =>
        JsonDocument.Parse(JsonReportWriter.ToJson(SampleReports.With(results))).RootElement;

    [Fact]
    public void Run_metadata_is_written()
    {
        var root = Write(SampleReports.Passed);

        Assert.Equal(("local", "ambient", "samples/ambient", 42.0),
            (root.GetProperty("target").GetString(), root.GetProperty("mode").GetString(), root.GetProperty("manifests").GetString(),
                root.GetProperty("durationSeconds").GetDouble()));
    }

    [Fact]
    public void Counts_are_written_per_verdict()
    {
        var counts = Write(SampleReports.Passed, SampleReports.Failed, SampleReports.Gap, SampleReports.Errored).GetProperty("counts");

        Assert.Equal((4, 1, 1, 1, 1),
            (counts.GetProperty("total").GetInt32(), counts.GetProperty("pass").GetInt32(), counts.GetProperty("fail").GetInt32(),
                counts.GetProperty("gap").GetInt32(), counts.GetProperty("error").GetInt32()));
    }

    [Fact]
    public void Each_case_has_check_case_id_sentence_verdict_and_message()
    {
        var entry = Write(SampleReports.Failed).GetProperty("results")[0];

        Assert.Equal(("behaviour-matrix", "status-500-returned-after-retries", "500 is returned after the retries run out", "fail", "add spec.rules[].retry"),
            (entry.GetProperty("check").GetString(), entry.GetProperty("caseId").GetString(), entry.GetProperty("case").GetString(),
                entry.GetProperty("verdict").GetString(), entry.GetProperty("remedy").GetString()));
        Assert.StartsWith("expected status 500", entry.GetProperty("message").GetString());
    }

    [Fact]
    public void Matrix_case_names_the_capability_it_needs()
    {
        var entry = Write(SampleReports.Failed).GetProperty("results")[0];

        Assert.Equal("retry-on-status", entry.GetProperty("capability").GetString());
    }

    [Fact]
    public void Result_without_a_capability_has_no_capability_field()
    {
        var entry = Write(SampleReports.Captured).GetProperty("results")[0];

        Assert.False(entry.TryGetProperty("capability", out _));
    }

    [Fact]
    public void Subject_is_written_as_kind_and_name()
    {
        var subject = Write(SampleReports.Captured).GetProperty("results")[0].GetProperty("subject");

        Assert.Equal(("Deployment", "ecommerce/cart"), (subject.GetProperty("kind").GetString(), subject.GetProperty("name").GetString()));
    }

    [Fact]
    public void Matrix_subject_is_a_route_named_by_its_label()
    {
        var subject = Write(SampleReports.Failed).GetProperty("results")[0].GetProperty("subject");

        Assert.Equal(("Route", "customer-service-route"), (subject.GetProperty("kind").GetString(), subject.GetProperty("name").GetString()));
        Assert.Equal("/api/customers…", subject.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(false, "customer-service-route")]
    [InlineData(true, "Deployment ecommerce/cart")]
    public void Deprecated_route_field_keeps_the_text_it_had_before_subjects(bool capture, string route)
    {
        var entry = Write(capture ? SampleReports.Captured : SampleReports.Failed).GetProperty("results")[0];

        Assert.Equal(route, entry.GetProperty("route").GetString());
    }

    [Fact]
    public void Expected_and_observed_values_are_written()
    {
        var entry = Write(SampleReports.Failed).GetProperty("results")[0];

        Assert.Equal((500, 4, 500, 1, 0.01),
            (entry.GetProperty("expected").GetProperty("status").GetInt32(), entry.GetProperty("expected").GetProperty("tries").GetInt32(),
                entry.GetProperty("observed").GetProperty("status").GetInt32(), entry.GetProperty("observed").GetProperty("tries").GetInt32(),
                entry.GetProperty("observed").GetProperty("elapsedSeconds").GetDouble()));
    }

    [Fact]
    public void Expected_elapsed_bounds_are_written_in_seconds()
    {
        var elapsed = Write(SampleReports.Timed).GetProperty("results")[0].GetProperty("expected").GetProperty("elapsedSeconds");

        Assert.Equal((29.5, 30.5), (elapsed.GetProperty("min").GetDouble(), elapsed.GetProperty("max").GetDouble()));
    }

    [Fact]
    public void Errored_case_has_no_observed_values()
    {
        var entry = Write(SampleReports.Errored).GetProperty("results")[0];

        Assert.False(entry.TryGetProperty("observed", out _));
    }

    [Fact]
    public void Each_route_says_which_expectations_applied_and_where_they_came_from()
    {
        var root = JsonDocument.Parse(JsonReportWriter.ToJson(SampleReports.WithExpectations(SampleReports.Passed))).RootElement;

        var customer = root.GetProperty("expectations")[0];
        Assert.Equal(("expectations.yaml", "customer-service-route", "expectations.yaml:4", 15.0, 0, 10.0),
            (root.GetProperty("expectationsFile").GetString(), customer.GetProperty("subject").GetProperty("name").GetString(),
                customer.GetProperty("source").GetString(), customer.GetProperty("requestTimeoutSeconds").GetDouble(),
                customer.GetProperty("retries").GetInt32(), customer.GetProperty("perTryTimeoutSeconds").GetDouble()));
        Assert.Equal("plan default", root.GetProperty("expectations")[1].GetProperty("source").GetString());
    }
}
