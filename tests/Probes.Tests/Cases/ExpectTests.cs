using AmbientVerify.Probes.Cases;

namespace AmbientVerify.Probes.Tests.Cases;

public class ExpectTests
{
    private static readonly Observation Ok4Tries = new(200, 4, TimeSpan.FromSeconds(1));

    [Fact]
    public void Status_is_met_by_the_same_status()
    {
        Assert.True(Expect.Status(200).IsMetBy(Ok4Tries));
    }

    [Fact]
    public void Status_names_the_status_that_came_back()
    {
        Assert.Equal(["status 200 instead of 504"], Expect.Status(504).Mismatches(Ok4Tries));
    }

    [Fact]
    public void Tries_names_the_count_that_came_back()
    {
        Assert.Equal(["4 tries instead of 1"], Expect.Tries(1).Mismatches(Ok4Tries));
    }

    [Fact]
    public void Elapsed_bounds_are_inclusive()
    {
        Assert.True(Expect.ElapsedWithin(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)).IsMetBy(Ok4Tries));
    }

    [Fact]
    public void Elapsed_outside_the_bounds_is_a_mismatch()
    {
        var misses = Expect.ElapsedWithin(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)).Mismatches(Ok4Tries);

        Assert.Equal(["elapsed 1s outside 2s–3s"], misses);
    }

    [Fact]
    public void Reversed_elapsed_bounds_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Expect.ElapsedWithin(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void And_is_met_when_both_are_met()
    {
        Assert.True(Expect.Status(200).And(Expect.Tries(4)).IsMetBy(Ok4Tries));
    }

    [Fact]
    public void And_fails_when_only_the_left_fails()
    {
        Assert.Equal(["status 200 instead of 500"], Expect.Status(500).And(Expect.Tries(4)).Mismatches(Ok4Tries));
    }

    [Fact]
    public void And_fails_when_only_the_right_fails()
    {
        Assert.Equal(["4 tries instead of 2"], Expect.Status(200).And(Expect.Tries(2)).Mismatches(Ok4Tries));
    }

    [Fact]
    public void And_reports_both_misses_when_both_fail()
    {
        Assert.Equal(2, Expect.Status(500).And(Expect.Tries(2)).Mismatches(Ok4Tries).Count);
    }

    [Fact]
    public void And_describes_both_parts_and_merges_their_values()
    {
        var expectation = Expect.Status(504).And(Expect.Tries(3));

        Assert.Equal("status 504 and 3 tries", expectation.Description);
        Assert.Equal(new ExpectedValues(Status: 504, Tries: 3), expectation.Values);
    }

    [Fact]
    public void Or_is_met_when_only_one_side_is_met()
    {
        Assert.True(Expect.Status(500).Or(Expect.Tries(4)).IsMetBy(Ok4Tries));
    }

    [Fact]
    public void Or_fails_when_neither_side_is_met()
    {
        var misses = Expect.Status(500).Or(Expect.Tries(2)).Mismatches(Ok4Tries);

        Assert.Equal("neither status 500 (status 200 instead of 500) nor 2 tries (4 tries instead of 2)", Assert.Single(misses));
    }

    [Fact]
    public void Or_pins_no_single_value()
    {
        Assert.Equal(ExpectedValues.None, Expect.Status(500).Or(Expect.Status(503)).Values);
    }
}
