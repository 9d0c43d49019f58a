using AmbientVerify.Probes.Serving;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Serving;

/// <summary>The wait between periodic runs, and what a "run now" request does to it (fake time: nothing sleeps).</summary>
public sealed class RunNowTriggerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Without_a_request_the_wait_lasts_the_whole_interval()
    {
        var time = new FakeTimeProvider();
        var trigger = new RunNowTrigger(time);

        var wait = trigger.WaitAsync(Interval, TestContext.Current.CancellationToken);
        time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCompleted, "the wait ended before the interval");

        time.Advance(TimeSpan.FromSeconds(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_request_between_runs_ends_the_wait_at_once()
    {
        var trigger = new RunNowTrigger(new FakeTimeProvider());
        var wait = trigger.WaitAsync(Interval, TestContext.Current.CancellationToken);

        var answer = trigger.Request();

        Assert.Equal(new RunNowAnswer(true, null), answer);
        await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_request_while_a_run_is_going_is_refused_with_its_start()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero));
        var trigger = new RunNowTrigger(time);
        trigger.RunStarted();
        time.Advance(TimeSpan.FromSeconds(20));

        var answer = trigger.Request();

        Assert.Equal(new RunNowAnswer(false, new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero)), answer);
        Assert.Equal("a run is already going (started 15:00:00 UTC): its verdict shows when it ends; no second run was started",
            RunNowEndpoints.Refused(answer.RunningSince!.Value));
    }

    [Fact]
    public async Task Two_requests_in_one_wait_start_one_run_and_the_next_wait_is_whole_again()
    {
        var time = new FakeTimeProvider();
        var trigger = new RunNowTrigger(time);
        var wait = trigger.WaitAsync(Interval, TestContext.Current.CancellationToken);

        Assert.True(trigger.Request().Started);
        Assert.True(trigger.Request().Started);
        await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        trigger.RunStarted();
        trigger.RunEnded();

        var next = trigger.WaitAsync(Interval, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(next.IsCompleted, "the second request started a second run");
    }

    [Fact]
    public async Task A_request_after_the_run_ended_ends_the_wait_that_follows()
    {
        var trigger = new RunNowTrigger(new FakeTimeProvider());
        trigger.RunStarted();
        trigger.RunEnded();

        Assert.True(trigger.Request().Started);
        await trigger.WaitAsync(Interval, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Stopping_the_service_ends_the_wait_with_a_cancellation()
    {
        var trigger = new RunNowTrigger(new FakeTimeProvider());
        using var stopping = new CancellationTokenSource();
        var wait = trigger.WaitAsync(Interval, stopping.Token);

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }
}
