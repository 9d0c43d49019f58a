namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>Source of randomness for back-off jitter; replaced in tests to make waits deterministic.</summary>
public interface IBackoffRandom
{
    /// <summary>A value in [0, <paramref name="exclusiveMax"/>); <paramref name="exclusiveMax"/> is at least 1.</summary>
    long NextInt64(long exclusiveMax);
}

/// <summary>The default: <see cref="Random.Shared"/>.</summary>
public sealed class SharedBackoffRandom : IBackoffRandom
{
    public long NextInt64(long exclusiveMax) => Random.Shared.NextInt64(exclusiveMax);
}

/// <summary>
/// Envoy's <c>JitteredExponentialBackOffStrategy</c>: before retry N (1-based) wait
/// <c>random % ((2^N − 1) · base)</c> milliseconds, capped at max. With the defaults: [0,25ms), [0,75ms),
/// [0,175ms), then at most 250ms.
/// </summary>
public static class EnvoyBackoff
{
    public static TimeSpan Delay(int retryNumber, TimeSpan baseInterval, TimeSpan maxInterval, IBackoffRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        var baseMs = (long)baseInterval.TotalMilliseconds;
        var maxMs = (long)maxInterval.TotalMilliseconds;
        if (baseMs <= 0)
        {
            return TimeSpan.Zero;
        }

        // Past the cap the exact bound no longer matters; keep it from overflowing.
        var multiplier = retryNumber >= 62 ? long.MaxValue : (1L << retryNumber) - 1;
        var bound = multiplier > long.MaxValue / baseMs ? long.MaxValue : multiplier * baseMs;
        return TimeSpan.FromMilliseconds(Math.Min(random.NextInt64(bound), maxMs));
    }
}
