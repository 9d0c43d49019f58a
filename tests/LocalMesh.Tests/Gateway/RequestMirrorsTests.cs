using AmbientVerify.LocalMesh.Gateway;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

public sealed class RequestMirrorsTests
{
    [Theory]
    [InlineData("api.example.com", "api.example.com-shadow")]
    [InlineData("api.example.com:8080", "api.example.com-shadow:8080")]
    [InlineData("[::1]:8080", "[::1]-shadow:8080")]
    public void The_shadow_suffix_goes_before_the_port(string authority, string expected) =>
        Assert.Equal(expected, RequestMirrors.ShadowAuthority(authority));
}
