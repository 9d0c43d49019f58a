using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.Manifests.Tests.Topology;

public class SpiffeIdTests
{
    [Fact]
    public void Prints_istio_workload_identity_form()
    {
        Assert.Equal("spiffe://cluster.local/ns/ecommerce/sa/order-service",
            new SpiffeId("cluster.local", "ecommerce", "order-service").ToString());
    }

    [Fact]
    public void Parse_reads_back_what_to_string_prints()
    {
        var id = new SpiffeId("cluster.local", "ecommerce", "order-service");

        Assert.Equal(id, SpiffeId.Parse(id.ToString()));
    }

    [Theory]
    [InlineData("spiffe://cluster.local/ns/ecommerce")]
    [InlineData("spiffe://cluster.local/ns//sa/x")]
    [InlineData("https://cluster.local/ns/a/sa/b")]
    [InlineData("spiffe://cluster.local/sa/b/ns/a")]
    public void Parse_rejects_anything_else_naming_the_expected_form(string text)
    {
        var error = Assert.Throws<FormatException>(() => SpiffeId.Parse(text));

        Assert.Contains("spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>", error.Message);
    }
}
