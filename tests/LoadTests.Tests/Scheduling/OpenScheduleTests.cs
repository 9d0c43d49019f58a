using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Scheduling;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LoadTests.Tests.Scheduling;

public sealed class OpenScheduleTests
{
    [Fact]
    public void Inject_spreads_its_rate_evenly_over_each_interval()
    {
        var offsets = OpenSchedule.IntendedOffsets([new Inject(10, S(1), S(1))]).ToList();

        Assert.Equal(Enumerable.Range(0, 10).Select(k => Ms(k * 100)), offsets);
    }

    [Fact]
    public void Inject_per_two_seconds_halves_the_rate()
    {
        var offsets = OpenSchedule.IntendedOffsets([new Inject(4, S(2), S(2))]).ToList();

        Assert.Equal([Ms(0), Ms(500), Ms(1000), Ms(1500)], offsets);
    }

    [Fact]
    public void RampingInject_from_nothing_sends_half_the_target_rate_on_average_with_a_quadratic_schedule()
    {
        // 0 → 10/s over 2 s: N(t) = 2.5 t², so the k-th send is at sqrt(k / 2.5).
        var offsets = OpenSchedule.IntendedOffsets([new RampingInject(10, S(1), S(2))]).ToList();

        Assert.Equal(10, offsets.Count);
        for (var k = 0; k < offsets.Count; k++)
        {
            Assert.Equal(Math.Sqrt(k / 2.5), offsets[k].TotalSeconds, tolerance: 1e-6);
        }
    }

    [Fact]
    public void RampingInject_starts_from_the_previous_simulations_rate_and_follows_it()
    {
        // 10/s for 1 s, then 10 → 30/s over 1 s (20 sends: N(t) = 10 t + 10 t²), then 30/s for 1 s.
        var offsets = OpenSchedule.IntendedOffsets([new Inject(10, S(1), S(1)), new RampingInject(30, S(1), S(1)), new Inject(30, S(1), S(1))]).ToList();

        Assert.Equal(10 + 20 + 30, offsets.Count);
        var ramp = offsets.Skip(10).Take(20).Select(o => o.TotalSeconds - 1).ToList();
        for (var k = 0; k < ramp.Count; k++)
        {
            Assert.Equal((-10 + Math.Sqrt(100 + 40 * k)) / 20, ramp[k], tolerance: 1e-6);
        }

        Assert.Equal(2.0, offsets[30].TotalSeconds, 6);
        Assert.Equal(2.0 + 29 / 30.0, offsets[^1].TotalSeconds, 6);
        Assert.Equal(offsets.Count, OpenSchedule.Count([new Inject(10, S(1), S(1)), new RampingInject(30, S(1), S(1)), new Inject(30, S(1), S(1))]));
    }

    [Fact]
    public void Intended_times_never_go_backwards()
    {
        var offsets = OpenSchedule.IntendedOffsets([new RampingInject(1000, S(1), S(3)), new Inject(1000, S(1), S(2)), new RampingInject(10, S(1), S(2))]).ToList();

        Assert.All(offsets.Zip(offsets.Skip(1)), pair => Assert.True(pair.First <= pair.Second, $"{pair.First} then {pair.Second}"));
        Assert.True(offsets[^1] < S(7));
    }

    [Fact]
    public void The_peak_rate_is_the_highest_simulations_rate_per_second()
    {
        Assert.Equal(250, OpenSchedule.PeakRate([new Inject(100, S(1), S(1)), new RampingInject(500, S(2), S(1))]));
    }
}
