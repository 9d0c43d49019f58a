using AmbientVerify.LocalMesh.Gateway;
using Microsoft.Extensions.Primitives;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

public sealed class UpstreamRequestFactoryTests
{
    private static BufferedRequest Request(string pathAndQuery) => new()
    {
        Method = "GET",
        PathAndQuery = pathAndQuery,
        Host = "shop.example",
        Headers = new List<KeyValuePair<string, StringValues>>(),
        Body = null,
        RequestId = "r-1",
        RemoteAddress = null,
        Scheme = "http",
    };

    [Theory]
    [InlineData("/three", "/three")]
    [InlineData("//three", "//three")]
    [InlineData("//three/four?a=1", "//three/four?a=1")]
    [InlineData("/a%2Fb?x=%20", "/a%2Fb?x=%20")]
    public void The_try_goes_to_the_backend_with_the_path_as_the_route_left_it(string pathAndQuery, string expected)
    {
        using var message = UpstreamRequestFactory.Create(Request(pathAndQuery), new Uri("http://127.0.0.1:5123/"), attempt: 1);

        Assert.Equal("127.0.0.1:5123", message.RequestUri!.Authority);
        Assert.Equal(expected, message.RequestUri.PathAndQuery);
    }
}
