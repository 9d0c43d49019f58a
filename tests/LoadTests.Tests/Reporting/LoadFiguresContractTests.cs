using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.LoadTests.Tests.TestSupport;
using AmbientVerify.Probes.Resources;
using AmbientVerify.TestSupport;

namespace AmbientVerify.LoadTests.Tests.Reporting;

/// <summary>
/// The deliberate duplicate: Probes' <see cref="LoadFiguresFile"/> reads load.json by its field names (Probes cannot
/// reference LoadTests). A load.json written by LoadTests' own writer must read back as the same figures.
/// </summary>
public sealed class LoadFiguresContractTests
{
    [Fact]
    public void The_snapshots_reader_reads_what_the_load_report_writer_writes()
    {
        using var directory = new TempDirectory();
        var report = Reports.Sample();

        var figures = LoadFiguresFile.Read(LoadReportFile.Write(report, directory.Path));

        var expected = report.Scenarios.Select(s => new LoadFigures(s.Name, s.RequestsPerSecond, s.Ok, s.Fail, new LatencyFigures(
            s.Latency.P50Ms / 1000, s.Latency.P75Ms / 1000, s.Latency.P95Ms / 1000, s.Latency.P99Ms / 1000, s.Latency.P999Ms / 1000,
            s.Latency.MaxMs / 1000, s.Latency.MeanMs / 1000)));
        Assert.Equal(expected, figures);
    }

    [Fact]
    public void The_readers_know_the_same_schema_version()
    {
        Assert.Equal(LoadReport.CurrentSchemaVersion, LoadFiguresFile.KnownSchemaVersion);
    }
}
