using System.Net;
using AmbientVerify.FaultTarget.Faults;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.FaultTarget.Tests.Http;

public sealed class DelayTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_try_not_listed_in_delay_tries_answers_without_waiting()
    {
        // Fake time never moves here: the request can only finish if it was not delayed.
        await using var target = await RunningFaultTarget.StartAsync(time: new FakeTimeProvider());
        using var response = await target.Client.GetAsync("/api/customers?uuid=d1&delay=30s&delayTries=2", Cancel)
            .WaitAsync(RunningFaultTarget.Patience, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_try_listed_in_delay_tries_waits_until_the_delay_has_passed()
    {
        var time = new FakeTimeProvider();
        await using var target = await RunningFaultTarget.StartAsync(time: time);
        using var first = await target.Client.GetAsync("/api/customers?uuid=d2&delay=30s&delayTries=2", Cancel).WaitAsync(RunningFaultTarget.Patience, Cancel);

        var second = target.Client.GetAsync("/api/customers?uuid=d2&delay=30s&delayTries=2", Cancel);
        await target.WaitForTriesAsync("d2", r => r.Count == 2);
        Assert.False(second.IsCompleted, "the listed try answered before fake time moved");

        // The delay's timer may be created just after the try was counted: advance until it fires.
        var deadline = DateTime.UtcNow + RunningFaultTarget.Patience;
        while (!second.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(second, Task.Delay(20, Cancel));
        }
        using var response = await second.WaitAsync(TimeSpan.Zero, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_delay_above_the_cap_is_cut_to_the_cap_and_says_so()
    {
        await using var target = await RunningFaultTarget.StartAsync(settings: new() { ["FaultTarget:MaxDelay"] = "00:00:00.100" });
        using var response = await target.Client.GetAsync("/api/customers?uuid=cap&delay=1h", Cancel).WaitAsync(RunningFaultTarget.Patience, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("100ms", response.Headers.GetValues(FaultHeaders.DelayCapped).Single());
    }

    [Fact]
    public async Task A_delay_within_the_cap_is_not_marked_capped()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        using var response = await target.Client.GetAsync("/api/customers?uuid=nocap&delay=1ms", Cancel);
        Assert.False(response.Headers.Contains(FaultHeaders.DelayCapped));
    }

    [Fact]
    public async Task A_delayed_try_stops_waiting_when_the_client_goes_away()
    {
        await using var target = await RunningFaultTarget.StartAsync(time: new FakeTimeProvider());
        using var clientGivesUp = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var pending = target.Client.GetAsync("/api/customers?uuid=gone&delay=30s", clientGivesUp.Token);
        await target.WaitForTriesAsync("gone", r => r.Count == 1);

        await clientGivesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        var report = await target.WaitForTriesAsync("gone", r => r.Tries[0].Outcome != "pending");
        Assert.Equal("cancelled", report.Tries[0].Outcome);
    }
}
