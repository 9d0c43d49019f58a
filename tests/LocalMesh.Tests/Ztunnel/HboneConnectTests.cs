using System.Text;
using AmbientVerify.LocalMesh.Ztunnel;

namespace AmbientVerify.LocalMesh.Tests.Ztunnel;

public sealed class HboneConnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Authority_is_read_from_a_connect_request_line()
    {
        var head = Encoding.ASCII.GetString(HboneConnect.Request("customer-service-0.ecommerce:8080"));

        Assert.Equal("customer-service-0.ecommerce:8080", HboneConnect.AuthorityOf(head));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("CONNECT customer HTTP/2\r\n\r\n")]
    [InlineData("CONNECT  HTTP/1.1\r\n\r\n")]
    public void Anything_but_an_http11_connect_has_no_authority(string head) => Assert.Null(HboneConnect.AuthorityOf(head));

    [Fact]
    public void Status_is_read_from_a_response_line() =>
        Assert.Equal(503, HboneConnect.StatusOf(Encoding.ASCII.GetString(HboneConnect.Unavailable)));

    [Fact]
    public void Host_of_an_authority_drops_the_port() =>
        Assert.Equal("customer-service-0.ecommerce", HboneConnect.HostOf("customer-service-0.ecommerce:8080"));

    [Fact]
    public async Task Reading_a_head_leaves_the_tunnelled_bytes_unread()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\n\r\nGET / HTTP/1.1"));

        var head = await HboneConnect.ReadHeadAsync(stream, Ct);

        Assert.Equal("HTTP/1.1 200 OK\r\n\r\n", head);
        Assert.Equal("GET / HTTP/1.1", await new StreamReader(stream).ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task A_head_longer_than_the_limit_is_refused()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(new string('x', HboneConnect.MaxHeadBytes + 10)));

        Assert.Null(await HboneConnect.ReadHeadAsync(stream, Ct));
    }
}
