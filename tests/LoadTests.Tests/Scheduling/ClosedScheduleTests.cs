using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Scheduling;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LoadTests.Tests.Scheduling;

public sealed class ClosedScheduleTests
{
    private static readonly LoadSimulation[] RampThenKeep = [new RampingConstant(10, S(10)), new KeepConstant(4, S(5))];

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5000, 5)]
    [InlineData(9900, 10)]
    [InlineData(10000, 4)]
    [InlineData(14999, 4)]
    [InlineData(15000, 0)]
    public void Copies_ramp_linearly_then_stay_constant_then_stop(int milliseconds, int copies)
    {
        Assert.Equal(copies, ClosedSchedule.CopiesAt(RampThenKeep, Ms(milliseconds)));
    }

    [Fact]
    public void A_ramp_starts_from_the_previous_simulations_copies()
    {
        LoadSimulation[] simulations = [new KeepConstant(10, S(1)), new RampingConstant(20, S(10))];

        Assert.Equal(15, ClosedSchedule.CopiesAt(simulations, S(6)));
    }
}
