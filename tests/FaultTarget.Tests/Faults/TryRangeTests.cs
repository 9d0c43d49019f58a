using AmbientVerify.FaultTarget.Faults;

namespace AmbientVerify.FaultTarget.Tests.Faults;

public sealed class TryRangeTests
{
    [Theory]
    [InlineData("1", 1, 1)]
    [InlineData("2", 2, 2)]
    [InlineData("1-3", 1, 3)]
    [InlineData("2-2", 2, 2)]
    public void Accepted_ranges_are_one_based_and_inclusive(string text, int first, int last)
    {
        Assert.True(TryRange.TryParse(text, out var range));
        Assert.Equal(new TryRange(first, last), range);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0-2")]
    [InlineData("3-1")]
    [InlineData("-1")]
    [InlineData("1-")]
    [InlineData("a")]
    [InlineData("1-2-3")]
    [InlineData("")]
    public void Malformed_ranges_are_refused(string text)
    {
        Assert.False(TryRange.TryParse(text, out _));
    }

    [Fact]
    public void A_range_contains_its_bounds_and_nothing_outside()
    {
        var range = new TryRange(2, 3);
        Assert.Equal([false, true, true, false], new[] { 1, 2, 3, 4 }.Select(range.Contains));
    }
}
