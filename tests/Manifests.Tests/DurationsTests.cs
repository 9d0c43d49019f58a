namespace AmbientVerify.Manifests.Tests;

public class DurationsTests
{
    public static TheoryData<string, double> ValidDurations => new()
    {
        { "30s", 30_000 },
        { "500ms", 500 },
        { "1m30s", 90_000 },
        { "1h", 3_600_000 },
        { "2h30m15s250ms", 9_015_250 },
        { "0s", 0 },
        { "0.5s", 500 },
        { "1.5s", 1_500 },
        { "10ms", 10 },
        { "250us", 0.25 },
    };

    [Theory]
    [MemberData(nameof(ValidDurations))]
    public void Parse_accepts_gateway_api_and_protobuf_durations(string text, double expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), Durations.Parse(text, "test"));

    [Theory]
    [InlineData("30 seconds")]
    [InlineData("30")]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("1.s")]
    public void Parse_rejects_text_that_is_not_a_duration(string text) =>
        Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void Parse_error_names_the_field_the_text_and_the_expected_form()
    {
        var error = Assert.Throws<ManifestException>(() => Durations.Parse("30 seconds", "HTTPRoute ecommerce/foo rule 0: timeouts.request"));

        Assert.Equal(
            "HTTPRoute ecommerce/foo rule 0: timeouts.request '30 seconds' is not a duration (expected e.g. 30s, 500ms, 1m30s)",
            error.Message);
    }

    public static TheoryData<double, string> FormattedDurations => new()
    {
        { 30_000, "30s" },
        { 500, "500ms" },
        { 90_000, "1m30s" },
        { 0, "0s" },
        { 1_500, "1s500ms" },
        { 3_600_000, "1h" },
        { 3_661_001, "1h1m1s1ms" },
        { 0.25, "250us" },
    };

    [Theory]
    [MemberData(nameof(FormattedDurations))]
    public void Format_writes_the_shortest_gateway_api_text(double milliseconds, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("1m30s")]
    [InlineData("2h30m15s250ms")]
    [InlineData("750ms")]
    public void Format_round_trips_through_parse(string text) =>
        Assert.Equal(text, Durations.Format(Durations.Parse(text, "test")));

    [Fact]
    public void Format_marks_a_negative_duration() =>
        Assert.Equal("-1s", Durations.Format(TimeSpan.FromSeconds(-1)));
}
