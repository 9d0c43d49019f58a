using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.LoadTests.Tests.TestSupport;
using AmbientVerify.TestSupport;

namespace AmbientVerify.LoadTests.Tests.Reporting;

public sealed class LoadReportFileTests
{
    [Fact]
    public void Load_json_reads_back_to_the_same_report_plan_included()
    {
        using var directory = new TempDirectory();
        var report = Reports.Sample();

        var read = LoadReportFile.Read(LoadReportFile.Write(report, directory.Path));

        Assert.Equal(LoadReportFile.ToJson(report), LoadReportFile.ToJson(read));
        Assert.Equal(report.Scenarios[0].Latency, read.Scenarios[0].Latency);
        Assert.IsType<RampingInject>(read.Plan.Scenarios[0].Simulations[0]);
        Assert.Equal(TimeSpan.FromSeconds(15), read.Plan.Scenarios[0].WarmUp);
        Assert.Equal(Reports.Started, read.StartedUtc);
    }

    [Fact]
    public void Load_json_says_its_schema_version_and_the_measured_window()
    {
        var json = LoadReportFile.ToJson(Reports.Sample());

        Assert.Contains("\"schemaVersion\": 1", json);
        Assert.Contains("\"startedUtc\": \"2026-12-02T05:00:00+00:00\"", json);
        Assert.Contains("\"endedUtc\": \"2026-12-02T05:01:00+00:00\"", json);
        Assert.Contains("\"kind\": \"rampingInject\"", json);
    }

    [Fact]
    public void A_future_schema_version_is_refused_with_a_clear_message()
    {
        var json = LoadReportFile.ToJson(Reports.Sample()).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal);

        var error = Assert.Throws<LoadReportFormatException>(() => LoadReportFile.Parse(json, "x/load.json"));

        Assert.Equal("x/load.json: schemaVersion 2 is not the one this reader knows (1): it was written by a newer LoadTests; update the reader", error.Message);
    }

    [Theory]
    [InlineData("{}", "x/load.json: no schemaVersion: not a load report written by AmbientVerify.LoadTests")]
    [InlineData("[1,", "x/load.json: not a load report: ")]
    public void A_file_that_is_not_a_load_report_is_refused(string json, string message)
    {
        var error = Assert.Throws<LoadReportFormatException>(() => LoadReportFile.Parse(json, "x/load.json"));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Write_puts_the_three_files_in_the_directory()
    {
        using var directory = new TempDirectory();

        LoadReportFile.Write(Reports.Sample(), Path.Combine(directory.Path, "load"));

        Assert.Equal(["load.csv", "load.json", "load.md"], Directory.GetFiles(Path.Combine(directory.Path, "load")).Select(Path.GetFileName).Order());
    }
}
