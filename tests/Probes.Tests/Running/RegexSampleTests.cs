using AmbientVerify.Probes.Running;

namespace AmbientVerify.Probes.Tests.Running;

public class RegexSampleTests
{
    [Theory]
    [InlineData("/api/orders/[0-9]+", "/api/orders/0")]
    [InlineData("^/v[12]/.*$", "/v1/")]
    [InlineData("/(foo|bar)/\\d{3}", "/foo/111")]
    [InlineData("/items/[^/]+", "/items/a")]
    [InlineData("/a?b*c+", "/c")]
    [InlineData("canary|beta", "canary")]
    [InlineData("(?:x|y)-\\w+", "x-a")]
    public void Builds_a_short_string_the_expression_matches_in_full(string pattern, string sample)
    {
        Assert.Equal(sample, RegexSample.For(pattern));
    }

    [Theory]
    [InlineData("(?=lookahead)x")]
    [InlineData("[unclosed")]
    public void Says_null_when_its_sample_would_not_match(string pattern)
    {
        Assert.Null(RegexSample.For(pattern));
    }
}
