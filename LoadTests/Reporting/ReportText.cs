using System.Globalization;

namespace AmbientVerify.LoadTests.Reporting;

/// <summary>How figures are written in every text report: invariant culture, fixed decimals.</summary>
public static class ReportText
{
    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Statuses(IEnumerable<StatusCount> statuses) => string.Join(" ", statuses.Select(s => $"{s.Status}×{Number(s.Count)}"));

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => Number(bytes / (double)(1L << 30)) + " GiB",
        >= 1L << 20 => Number(bytes / (double)(1L << 20)) + " MiB",
        >= 1L << 10 => Number(bytes / (double)(1L << 10)) + " KiB",
        _ => Number(bytes) + " B",
    };
}
