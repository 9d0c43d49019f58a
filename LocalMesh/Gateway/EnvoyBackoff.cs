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
/// Envoy's <c>JitteredExponentialBackOffStrategy</c> (envoy <c>source/common/common/backoff_strategy.cc</c> and
/// <c>.h</c>), which <c>source/common/router/retry_state_impl.cc</c> creates once per request with the route's
/// <c>retry_back_off</c> (base 25ms unless set, max 10 × base unless set). Envoy's code, not its older docs:
/// the interval starts at base; each <c>nextBackOffMs()</c> returns <c>random % interval</c> and then doubles the
/// interval while it is below <c>max / 2</c> (<c>doubling_limit_</c>), else sets it to max. So retry N (1-based) waits
/// in [0, min(2^(N−1)·base, max)): 25/50/100/200/250 ms for the defaults — not the docs' (2^N − 1)·base.
/// </summary>
public static class EnvoyBackoff
{
    /// <summary>The wait before retry <paramref name="retryNumber"/> (1-based), drawn as Envoy draws it.</summary>
    public static TimeSpan Delay(int retryNumber, TimeSpan baseInterval, TimeSpan maxInterval, IBackoffRandom random)
    {
        var interval = IntervalMs(retryNumber, baseInterval, maxInterval);
        return interval <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(random.NextInt64(interval));
    }

    /// <summary>
    /// The exclusive upper bound, in whole milliseconds, of the wait before retry <paramref name="retryNumber"/>:
    /// Envoy's <c>next_interval_</c> after <c>retryNumber − 1</c> draws. Envoy counts in milliseconds and rounds a base
    /// below 1ms up to 1ms (route_components.proto <c>RetryBackOff.base_interval</c>).
    /// </summary>
    public static long IntervalMs(int retryNumber, TimeSpan baseInterval, TimeSpan maxInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        if (baseInterval <= TimeSpan.Zero)
        {
            return 0;
        }

        var baseMs = Math.Max(1L, (long)baseInterval.TotalMilliseconds);
        var maxMs = Math.Max(baseMs, (long)maxInterval.TotalMilliseconds);
        var doublingLimit = maxMs / 2;
        var interval = baseMs;
        for (var draw = 1; draw < retryNumber && interval < maxMs; draw++)
        {
            interval = interval < doublingLimit ? interval * 2 : maxMs;
        }

        return interval;
    }
}
