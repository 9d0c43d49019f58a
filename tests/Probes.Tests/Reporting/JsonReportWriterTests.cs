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
    public void Each_case_has_check_route_case_verdict_and_message()
    {
        var entry = Write(SampleReports.Failed).GetProperty("results")[0];

        Assert.Equal(("behaviour-matrix", "customer-service-route", "500 is returned after the retries run out", "fail", "add spec.rules[].retry"),
            (entry.GetProperty("check").GetString(), entry.GetProperty("route").GetString(), entry.GetProperty("case").GetString(),
                entry.GetProperty("verdict").GetString(), entry.GetProperty("remedy").GetString()));
        Assert.StartsWith("expected status 500", entry.GetProperty("message").GetString());
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
}
