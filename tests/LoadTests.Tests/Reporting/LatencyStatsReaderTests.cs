using AmbientVerify.LoadTests.Engine;
using AmbientVerify.LoadTests.Reporting;

namespace AmbientVerify.LoadTests.Tests.Reporting;

public sealed class LatencyStatsReaderTests
{
    /// <summary>3 significant digits: a reported value is within 0.1 % of the true one (plus the histogram's bucket rounding).</summary>
    private static void Near(double expectedMs, double actualMs) =>
        Assert.InRange(actualMs, expectedMs * 0.999 - 0.001, expectedMs * 1.001 + 0.001);

    [Fact]
    public void Uniform_1_to_10000_microseconds_gives_its_percentiles_within_the_histograms_precision()
    {
        var histogram = StepRecorder.NewHistogram();
        for (var us = 1; us <= 10_000; us++)
        {
            histogram.RecordValue(us);
        }

        var stats = LatencyStatsReader.From(histogram);

        Near(0.001, stats.MinMs);
        Near(5.0005, stats.MeanMs);
        Near(5.0, stats.P50Ms);
        Near(7.5, stats.P75Ms);
        Near(9.5, stats.P95Ms);
        Near(9.9, stats.P99Ms);
        Near(9.99, stats.P999Ms);
        Near(10.0, stats.MaxMs);
    }

    [Fact]
    public void Two_slow_requests_in_a_thousand_show_in_p999_and_max_but_not_in_p99()
    {
        var histogram = StepRecorder.NewHistogram();
        for (var i = 0; i < 998; i++)
        {
            histogram.RecordValue(1_000);
        }

        histogram.RecordValue(1_000_000);
        histogram.RecordValue(1_000_000);

        var stats = LatencyStatsReader.From(histogram);

        Near(1, stats.P99Ms);
        Near(1000, stats.P999Ms);
        Near(1000, stats.MaxMs);
        Near((998 * 1.0 + 2 * 1000) / 1000, stats.MeanMs);
    }

    [Fact]
    public void An_empty_histogram_reads_as_zeros()
    {
        Assert.Equal(LatencyStats.Empty, LatencyStatsReader.From(StepRecorder.NewHistogram()));
    }

    [Fact]
    public void Per_thread_recorders_merge_into_the_same_percentiles_as_one_recorder()
    {
        var odd = new StepRecorder();
        var even = new StepRecorder();
        for (var us = 1; us <= 10_000; us++)
        {
            (us % 2 == 0 ? even : odd).Record(us, 200, 2, 10);
        }

        var merged = StepRecorder.NewHistogram();
        merged.Add(odd.Latency);
        merged.Add(even.Latency);

        Near(5.0, LatencyStatsReader.From(merged).P50Ms);
        Near(9.9, LatencyStatsReader.From(merged).P99Ms);
        Assert.Equal(10_000, merged.TotalCount);
    }
}
