using AmbientVerify.Probes.Cluster.Twins;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

public sealed class TwinNamesTests
{
    [Theory]
    [InlineData("customer-service", "av-abc12345-customer-service")]
    [InlineData("Payment_Service", "av-abc12345-payment-service")]
    public void A_short_name_is_the_prefix_and_the_name_made_dns_safe(string service, string expected) =>
        Assert.Equal(expected, TwinNames.Service("abc12345", service));

    [Fact]
    public void Two_long_names_that_share_their_start_stay_distinct_and_within_63()
    {
        var a = TwinNames.Route("abc12345", new string('r', 70) + "-a", 0);
        var b = TwinNames.Route("abc12345", new string('r', 70) + "-b", 0);

        Assert.NotEqual(a, b);
        Assert.All([a, b], name => Assert.True(TwinNames.IsDns1123Label(name), name));
        Assert.Equal(63, a.Length);
    }

    [Theory]
    [InlineData("/api/x", "/__ambientverify/customer/api/x")]
    [InlineData("/", "/__ambientverify/customer")]
    public void A_literal_path_goes_under_the_twin_prefix(string original, string twin) =>
        Assert.Equal(twin, TwinPaths.Literal("customer", original));

    [Theory]
    [InlineData("^/api/v[0-9]+/orders$", "^/__ambientverify/customer/api/v[0-9]+/orders$")]
    [InlineData("/api/.*", "/__ambientverify/customer/api/.*")]
    public void A_regular_expression_gets_the_prefix_after_its_anchor(string original, string twin) =>
        Assert.Equal(twin, TwinPaths.Regex("customer", original));
}
