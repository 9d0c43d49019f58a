using HdrHistogram;

namespace AmbientVerify.LoadTests.Reporting;

/// <summary>Reads <see cref="LatencyStats"/> off a histogram of microseconds.</summary>
public static class LatencyStatsReader
{
    public static LatencyStats From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return LatencyStats.Empty;
        }

        double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
        double At(double percentile) => Ms(histogram.GetValueAtPercentile(percentile));
        var min = histogram.RecordedValues().First().ValueIteratedTo;
        return new LatencyStats(
            Ms(histogram.LowestEquivalentValue(min)),
            Math.Round(histogram.GetMean() / 1000.0, 3),
            Ms(histogram.GetMaxValue()),
            At(50), At(75), At(95), At(99), At(99.9));
    }
}
