using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>Envoy's <c>JitteredExponentialBackOffStrategy</c> (backoff_strategy.cc), not the router docs' (2^N − 1)·base.</summary>
public sealed class EnvoyBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Max = TimeSpan.FromMilliseconds(250);

    // (retry, window in ms): the interval starts at base and doubles while below max / 2, then is max.
    [Theory]
    [InlineData(1, 25)]
    [InlineData(2, 50)]
    [InlineData(3, 100)]
    [InlineData(4, 200)]
    [InlineData(5, 250)]
    [InlineData(6, 250)]
    [InlineData(70, 250)]
    public void Window_before_retry_n_is_min_of_two_to_the_n_minus_one_times_base_and_max(int retry, long windowMs)
    {
        var random = FixedBackoffRandom.Highest;

        var delay = EnvoyBackoff.Delay(retry, Base, Max, random);

        Assert.Equal([windowMs], random.Bounds);
        Assert.Equal(TimeSpan.FromMilliseconds(windowMs - 1), delay);
    }

    // The older docs' windows (2^N − 1)·base must NOT be used.
    [Theory]
    [InlineData(2, 75)]
    [InlineData(3, 175)]
    public void Window_is_not_the_documented_two_to_the_n_minus_one(int retry, long documentedMs)
    {
        Assert.NotEqual(documentedMs, EnvoyBackoff.IntervalMs(retry, Base, Max));
    }

    [Theory]
    [InlineData(100, 1000, 1, 100)]
    [InlineData(100, 1000, 4, 800)]
    [InlineData(100, 1000, 5, 1000)]
    // Envoy's integer doubling limit (max / 2 = 25): 25 is not below it, so the second window is max, 51.
    [InlineData(25, 51, 2, 51)]
    public void Window_follows_envoy_integer_arithmetic_for_other_intervals(int baseMs, int maxMs, int retry, long windowMs)
    {
        Assert.Equal(windowMs, EnvoyBackoff.IntervalMs(retry, TimeSpan.FromMilliseconds(baseMs), TimeSpan.FromMilliseconds(maxMs)));
    }

    [Fact]
    public void Smallest_wait_is_zero_full_jitter()
    {
        var delay = EnvoyBackoff.Delay(3, Base, Max, FixedBackoffRandom.Lowest);

        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Fact]
    public void Base_below_one_millisecond_is_rounded_up_to_one()
    {
        Assert.Equal(1, EnvoyBackoff.IntervalMs(1, TimeSpan.FromMicroseconds(300), TimeSpan.FromMilliseconds(3)));
    }
}
