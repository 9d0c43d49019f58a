using AmbientVerify.FaultTarget.Faults;

namespace AmbientVerify.FaultTarget.Tests.Faults;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m", 60_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0.5s", 500)]
    [InlineData("1.5m", 90_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void Accepted_durations_have_their_value(string text, int expectedMilliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("5sec")]
    [InlineData("5d")]
    [InlineData("1.2.3s")]
    [InlineData("abc")]
    [InlineData("99999999h")]
    public void Malformed_durations_are_refused(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(60_000, "60s")]
    [InlineData(1_500, "1500ms")]
    public void Durations_are_written_in_the_same_style(int milliseconds, string expected)
    {
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
