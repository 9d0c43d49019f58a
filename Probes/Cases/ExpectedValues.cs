namespace AmbientVerify.Probes.Cases;

/// <summary>The concrete values an expectation pins down, for reports (null = not checked).</summary>
public sealed record ExpectedValues(int? Status = null, int? Tries = null, TimeSpan? ElapsedMin = null, TimeSpan? ElapsedMax = null)
{
    public static readonly ExpectedValues None = new();

    /// <summary>Both sets of values; where both pin the same field, the tighter (later) one wins.</summary>
    public ExpectedValues Merge(ExpectedValues other) => new(
        other.Status ?? Status,
        other.Tries ?? Tries,
        Max(ElapsedMin, other.ElapsedMin),
        Min(ElapsedMax, other.ElapsedMax));

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
