using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AmbientVerify.Manifests;

/// <summary>
/// Durations as manifests write them: Gateway API style ("30s", "500ms", "1m30s", see GEP-2257) and the
/// protobuf / Go style Istio accepts ("0.5s", "1.5s", "10ms", "0s").
/// </summary>
public static partial class Durations
{
    /// <summary>The examples every error message shows, so a user sees at once what is accepted.</summary>
    public const string Expected = "expected e.g. 30s, 500ms, 1m30s";

    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="where"/> names the field for the error message
    /// (e.g. "HTTPRoute ecommerce/foo rule 0: timeouts.request").
    /// </summary>
    /// <exception cref="ManifestException">The text is not a duration.</exception>
    public static TimeSpan Parse(string text, string where) =>
        TryParse(text, out var value) ? value : throw new ManifestException(NotADuration(text, where));

    /// <summary>Parses a non-negative duration made of number+unit parts (units h, m, s, ms, us, µs, ns).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Every character must belong to a number+unit part: "30 seconds" or "30" are rejected.
        var position = 0;
        decimal ticks = 0;
        foreach (Match part in DurationPart().Matches(text))
        {
            if (part.Index != position)
            {
                return false;
            }

            position += part.Length;
            var number = decimal.Parse(part.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += number * TicksPerUnit(part.Groups["unit"].Value);
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        if (position != text.Length || position == 0)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)decimal.Round(ticks));
        return true;
    }

    /// <summary>
    /// The shortest Gateway API style text for <paramref name="duration"/>: "30s", "500ms", "1m30s", "0s".
    /// Parts below a millisecond (which Gateway API cannot express) are written as "us" / "ns".
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            text.Append('-');
            duration = duration == TimeSpan.MinValue ? TimeSpan.MaxValue : duration.Negate();
        }

        var ticks = duration.Ticks;
        Append(text, ticks / TimeSpan.TicksPerHour, "h");
        Append(text, ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute, "m");
        Append(text, ticks % TimeSpan.TicksPerMinute / TimeSpan.TicksPerSecond, "s");
        Append(text, ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMillisecond, "ms");
        Append(text, ticks % TimeSpan.TicksPerMillisecond / TimeSpan.TicksPerMicrosecond, "us");
        Append(text, ticks % TimeSpan.TicksPerMicrosecond * TimeSpan.NanosecondsPerTick, "ns");
        return text.ToString();
    }

    /// <summary>The one wording of a bad duration, shared by <see cref="Parse"/> and the manifest reader.</summary>
    internal static string NotADuration(string text, string where) => $"{where} '{text}' is not a duration ({Expected})";

    private static void Append(StringBuilder text, long amount, string unit)
    {
        if (amount != 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static decimal TicksPerUnit(string unit) => unit switch
    {
        "h" => TimeSpan.TicksPerHour,
        "m" => TimeSpan.TicksPerMinute,
        "s" => TimeSpan.TicksPerSecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "us" or "µs" => TimeSpan.TicksPerMicrosecond,
        "ns" => 1m / TimeSpan.NanosecondsPerTick,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "unknown duration unit"),
    };

    // "ms" and "ns"/"us" must come before "m"/"s" so "500ms" is not read as "500m" + "s".
    [GeneratedRegex(@"(?<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?<unit>ms|us|µs|ns|h|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();
}
