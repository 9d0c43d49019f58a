using System.Globalization;
using AmbientVerify.Probes.Cases;

namespace AmbientVerify.Probes.Reporting;

/// <summary>Short texts of expected and observed values for tables.</summary>
internal static class ValueText
{
    public static string Expected(ExpectedValues? values)
    {
        if (values is null)
        {
            return "";
        }

        var parts = new List<string>();
        if (values.Status is { } status) parts.Add(status.ToString(CultureInfo.InvariantCulture));
        if (values.Tries is { } tries) parts.Add($"{tries} {(tries == 1 ? "try" : "tries")}");
        if (values.ElapsedMin is { } min && values.ElapsedMax is { } max) parts.Add($"{Seconds(min)}–{Seconds(max)}");
        return string.Join(", ", parts);
    }

    public static string Observed(Observation? observed) =>
        observed is null ? "" : $"{observed.Status}, {observed.Tries} {(observed.Tries == 1 ? "try" : "tries")}, {Seconds(observed.Elapsed)}";

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + "s";
}
