using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.Manifests.Tests.Topology;

public class NamespaceModeTests
{
    [Theory]
    [InlineData("istio.io/dataplane-mode=ambient", DataplaneMode.Ambient)]
    [InlineData("istio-injection=enabled", DataplaneMode.Sidecar)]
    [InlineData("istio-injection=disabled", DataplaneMode.None)]
    [InlineData("istio.io/rev=1-24", DataplaneMode.Sidecar)]
    [InlineData("istio.io/rev=1-24,istio.io/dataplane-mode=ambient", DataplaneMode.Ambient)]
    [InlineData("istio-injection=enabled,istio.io/dataplane-mode=ambient", DataplaneMode.Sidecar)]
    [InlineData("app=shop", DataplaneMode.None)]
    public void Namespace_labels_decide_the_mode(string labels, DataplaneMode expected)
    {
        var parsed = labels.Split(',').Select(l => l.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);

        Assert.Equal(expected, NamespaceTopology.ModeOf(parsed));
    }
}
