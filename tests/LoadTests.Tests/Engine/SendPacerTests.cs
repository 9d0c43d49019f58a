using AmbientVerify.LoadTests.Engine;
using Microsoft.Extensions.Time.Testing;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LoadTests.Tests.Engine;

public sealed class SendPacerTests
{
    [Fact]
    public void Callers_get_slots_one_interval_apart_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var pacer = new SendPacer(10, time);

        var turns = Enumerable.Range(0, 3).Select(_ => pacer.WaitTurnAsync(TestContext.Current.CancellationToken)).ToList();

        Assert.Equal([true, false, false], turns.Select(t => t.IsCompleted));
        time.Advance(Ms(100));
        Assert.Equal([true, true, false], turns.Select(t => t.IsCompleted));
        time.Advance(Ms(100));
        Assert.All(turns, t => Assert.True(t.IsCompleted));
    }

    [Fact]
    public void An_idle_pacer_banks_no_slots_for_a_burst()
    {
        var time = new FakeTimeProvider();
        var pacer = new SendPacer(10, time);
        time.Advance(S(10));

        var turns = Enumerable.Range(0, 2).Select(_ => pacer.WaitTurnAsync(TestContext.Current.CancellationToken)).ToList();

        Assert.Equal([true, false], turns.Select(t => t.IsCompleted));
    }
}
