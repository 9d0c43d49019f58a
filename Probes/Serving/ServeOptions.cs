namespace AmbientVerify.Probes.Serving;

/// <summary>Options of the <c>serve</c> verb.</summary>
public sealed class ServeOptions
{
    /// <summary>Time between the starts of two runs. Default 5 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
