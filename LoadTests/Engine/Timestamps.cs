namespace AmbientVerify.LoadTests.Engine;

/// <summary>Conversions between a <see cref="TimeSpan"/> and a <see cref="TimeProvider"/>'s timestamp units.</summary>
public static class Timestamps
{
    public static long From(TimeSpan span, TimeProvider time) =>
        (long)(span.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
