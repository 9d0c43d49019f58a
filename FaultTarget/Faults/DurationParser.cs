using System.Globalization;

namespace AmbientVerify.FaultTarget.Faults;

/// <summary>
/// Parses durations the way the probes and manifests write them: Gateway API / Go style (<c>5s</c>, <c>500ms</c>,
/// <c>1m30s</c>, <c>1h</c>) and protobuf style (<c>0.5s</c>). Units: h, m, s, ms. A bare <c>0</c> is zero, as in Go.
/// </summary>
public static class DurationParser
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        // "ms" before "m" and "s" so the longest unit wins.
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
    ];

    /// <summary>Largest value accepted, far above any cap, so that arithmetic cannot overflow.</summary>
    private static readonly TimeSpan Largest = TimeSpan.FromDays(365);

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        if (text == "0")
        {
            return true;
        }

        var rest = text.AsSpan();
        var total = TimeSpan.Zero;
        while (!rest.IsEmpty)
        {
            var numberLength = rest.IndexOfAnyExcept("0123456789.");
            if (numberLength <= 0)
            {
                return false; // no number, or a number without unit
            }
            if (!double.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            rest = rest[numberLength..];

            if (!TryReadUnit(ref rest, out var unitSize))
            {
                return false;
            }

            var part = amount * unitSize.TotalMilliseconds;
            if (part > Largest.TotalMilliseconds)
            {
                return false;
            }
            total += TimeSpan.FromMilliseconds(part);
            if (total > Largest)
            {
                return false;
            }
        }
        duration = total;
        return true;
    }

    private static bool TryReadUnit(ref ReadOnlySpan<char> text, out TimeSpan size)
    {
        foreach (var (unit, unitSize) in Units)
        {
            if (text.StartsWith(unit, StringComparison.Ordinal))
            {
                text = text[unit.Length..];
                size = unitSize;
                return true;
            }
        }
        size = default;
        return false;
    }

    /// <summary>Writes a duration in the same style: whole seconds as <c>60s</c>, anything finer as <c>1500ms</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerSecond == 0
            ? $"{(long)duration.TotalSeconds}s"
            : $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
}
