using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

public sealed class EnvoyBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Max = TimeSpan.FromMilliseconds(250);

    [Theory]
    [InlineData(1, 24)]
    [InlineData(2, 74)]
    [InlineData(3, 174)]
    public void Largest_wait_before_retry_n_is_just_below_two_to_the_n_minus_one_times_base(int retry, int expectedMs)
    {
        var delay = EnvoyBackoff.Delay(retry, Base, Max, FixedBackoffRandom.Highest);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(70)]
    public void Wait_is_capped_at_the_max_interval(int retry)
    {
        var delay = EnvoyBackoff.Delay(retry, Base, Max, FixedBackoffRandom.Highest);

        Assert.Equal(Max, delay);
    }

    [Fact]
    public void Smallest_wait_is_zero_full_jitter()
    {
        var delay = EnvoyBackoff.Delay(3, Base, Max, FixedBackoffRandom.Lowest);

        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Fact]
    public void Random_draw_is_bounded_by_the_exponential_window()
    {
        var random = new FixedBackoffRandom(fraction: 0.5);

        _ = EnvoyBackoff.Delay(2, Base, Max, random);

        Assert.Equal([75L], random.Bounds);
    }
}
