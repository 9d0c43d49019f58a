using AmbientVerify.Probes.Running;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Running;

public class RequestRateLimiterTests
{
    /// <summary>Starts <paramref name="requests"/> waits at once and advances fake time until all are granted; returns grant times.</summary>
    private static List<TimeSpan> GrantTimes(double rps, int requests)
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var limiter = new RequestRateLimiter(rps, cap: 10_000, time);
        var granted = new List<TimeSpan>();
        var waits = Enumerable.Range(0, requests)
            .Select(_ => limiter.WaitAsync(CancellationToken.None).ContinueWith(
                _ => { lock (granted) granted.Add(time.GetUtcNow() - start); }, TaskContinuationOptions.ExecuteSynchronously))
            .ToList();

        while (waits.Any(w => !w.IsCompleted))
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return granted.Order().ToList();
    }

    private static int BusiestSecond(IReadOnlyList<TimeSpan> grants) =>
        grants.Max(t => grants.Count(other => other >= t && other < t + TimeSpan.FromSeconds(1)));

    [Fact]
    public void No_second_holds_more_requests_than_the_rate()
    {
        Assert.Equal(20, BusiestSecond(GrantTimes(rps: 20, requests: 60)));
    }

    [Fact]
    public void Configured_rate_above_100_is_held_to_100()
    {
        Assert.Equal(100, BusiestSecond(GrantTimes(rps: 1000, requests: 250)));
    }

    [Fact]
    public void First_request_is_not_delayed()
    {
        Assert.Equal(TimeSpan.Zero, GrantTimes(rps: 20, requests: 1).Single());
    }

    [Fact]
    public async Task Requests_beyond_the_run_cap_are_refused()
    {
        var limiter = new RequestRateLimiter(100, cap: 2, new FakeTimeProvider());
        await limiter.WaitAsync(CancellationToken.None);
        var second = limiter.WaitAsync(CancellationToken.None);

        var third = await limiter.WaitAsync(CancellationToken.None);

        Assert.False(third);
        Assert.Equal(2, limiter.Granted);
        GC.KeepAlive(second);
    }
}
