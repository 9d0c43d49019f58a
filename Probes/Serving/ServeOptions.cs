namespace AmbientVerify.Probes.Serving;

/// <summary>Options of the <c>serve</c> verb.</summary>
public sealed class ServeOptions
{
    /// <summary>Time between the starts of two runs. Default 5 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A compare.json whose figures /metrics exports (<c>ambientverify_dataplane_*</c>, <c>ambientverify_load_*</c>) and
    /// /compare.md shows, beside the checks; null: none.
    /// </summary>
    public string? Comparison { get; set; }
}
