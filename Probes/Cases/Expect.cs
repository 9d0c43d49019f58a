using System.Globalization;

namespace AmbientVerify.Probes.Cases;

/// <summary>The small expectations cases are composed of.</summary>
public static class Expect
{
    public static Expectation Status(int status) => new Single(
        $"status {status}",
        new ExpectedValues(Status: status),
        o => o.Status == status ? null : $"status {o.Status} instead of {status}");

    public static Expectation Tries(int tries) => new Single(
        $"{tries} {TriesWord(tries)}",
        new ExpectedValues(Tries: tries),
        o => o.Tries == tries ? null : $"{o.Tries} {TriesWord(o.Tries)} instead of {tries}");

    /// <summary>Elapsed time in [<paramref name="min"/>, <paramref name="max"/>], both inclusive.</summary>
    public static Expectation ElapsedWithin(TimeSpan min, TimeSpan max)
    {
        if (max < min)
        {
            throw new ArgumentException($"elapsed bounds are reversed: {Seconds(min)} > {Seconds(max)}", nameof(max));
        }

        return new Single(
            $"elapsed {Seconds(min)}–{Seconds(max)}",
            new ExpectedValues(ElapsedMin: min, ElapsedMax: max),
            o => o.Elapsed >= min && o.Elapsed <= max ? null : $"elapsed {Seconds(o.Elapsed)} outside {Seconds(min)}–{Seconds(max)}");
    }

    internal static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static string TriesWord(int tries) => tries == 1 ? "try" : "tries";

    private sealed class Single(string description, ExpectedValues values, Func<Observation, string?> mismatch) : Expectation
    {
        public override string Description => description;
        public override ExpectedValues Values => values;
        public override IReadOnlyList<string> Mismatches(Observation observation) =>
            mismatch(observation) is { } miss ? [miss] : [];
    }
}
