using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Manifests.Tests.Versions;

public sealed class IstioVersionTests
{
    [Theory]
    [InlineData("1.22", true)]
    [InlineData("1.27", true)]
    [InlineData("1.28", false)]
    [InlineData("1.30", false)]
    public void Mirrored_requests_get_the_shadow_suffix_only_before_1_28(string version, bool appends) =>
        Assert.Equal(appends, IstioVersion.Parse(version).AppendsShadowHostSuffix);
}
