using AmbientVerify.LoadTests.Engine;
using AmbientVerify.LoadTests.Tests.TestSupport;

namespace AmbientVerify.LoadTests.Tests.Engine;

public sealed class StepPickerTests
{
    [Fact]
    public void Every_cycle_of_the_total_weight_gives_each_step_exactly_its_weight()
    {
        var picker = new StepPicker([Plans.Step(weight: 40), Plans.Step(weight: 25), Plans.Step(weight: 15), Plans.Step(weight: 10), Plans.Step(weight: 5), Plans.Step(weight: 5)]);

        for (var cycle = 0; cycle < 3; cycle++)
        {
            var counts = Enumerable.Range(0, 100).Select(_ => picker.Next()).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal([40, 25, 15, 10, 5, 5], Enumerable.Range(0, 6).Select(i => counts.GetValueOrDefault(i)));
        }
    }

    [Fact]
    public void A_heavy_step_is_interleaved_with_the_light_ones_not_sent_in_one_run()
    {
        var picker = new StepPicker([Plans.Step(weight: 3), Plans.Step(weight: 1)]);

        Assert.Equal([0, 0, 1, 0, 0, 0, 1, 0], Enumerable.Range(0, 8).Select(_ => picker.Next()));
    }

    [Fact]
    public void A_step_of_weight_zero_is_never_picked()
    {
        var picker = new StepPicker([Plans.Step(weight: 0), Plans.Step(weight: 2)]);

        Assert.All(Enumerable.Range(0, 10).Select(_ => picker.Next()), i => Assert.Equal(1, i));
    }
}
