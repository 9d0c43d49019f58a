using static AmbientVerify.Manifests.Tests.Topology.TopologyYaml;

namespace AmbientVerify.Manifests.Tests.Topology;

public class PeerAuthenticationPrecedenceTests
{
    private static string Policy(string name, string ns, string? mode, string? matchLabels = null) => $$"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          {{(matchLabels is null ? "" : $"selector: {{matchLabels: {{{matchLabels}}}}}")}}
          {{(mode is null ? "" : $"mtls: {{mode: {mode}}}")}}
        """;

    [Fact]
    public void Without_any_policy_the_mesh_default_is_permissive()
    {
        var workload = Api(AmbientNamespace, Deployment());

        Assert.Equal("PERMISSIVE", workload.PeerAuthenticationMode);
        Assert.Equal("mesh default (PERMISSIVE)", workload.PeerAuthenticationSource);
        Assert.False(workload.RequiresMutualTls);
    }

    [Fact]
    public void Root_namespace_policy_applies_mesh_wide()
    {
        var workload = Api(AmbientNamespace, Deployment(), Policy("mesh", "istio-system", "STRICT"));

        Assert.Equal("STRICT", workload.PeerAuthenticationMode);
        Assert.StartsWith("PeerAuthentication istio-system/mesh (test.yaml:", workload.PeerAuthenticationSource);
    }

    [Fact]
    public void Namespace_wide_policy_beats_the_root_namespace_policy()
    {
        var workload = Api(AmbientNamespace, Deployment(), Policy("mesh", "istio-system", "STRICT"), Policy("default", "shop", "PERMISSIVE"));

        Assert.Equal("PERMISSIVE", workload.PeerAuthenticationMode);
        Assert.StartsWith("PeerAuthentication shop/default (", workload.PeerAuthenticationSource);
    }

    [Fact]
    public void Workload_selector_policy_beats_the_namespace_wide_policy()
    {
        var workload = Api(AmbientNamespace, Deployment(), Policy("default", "shop", "STRICT"), Policy("api-only", "shop", "PERMISSIVE", "app: api"));

        Assert.Equal("PERMISSIVE", workload.PeerAuthenticationMode);
        Assert.StartsWith("PeerAuthentication shop/api-only (", workload.PeerAuthenticationSource);
    }

    [Fact]
    public void Workload_selector_that_does_not_match_the_pod_labels_is_ignored()
    {
        var workload = Api(AmbientNamespace, Deployment(), Policy("default", "shop", "STRICT"), Policy("other", "shop", "DISABLE", "app: other"));

        Assert.Equal("STRICT", workload.PeerAuthenticationMode);
        Assert.StartsWith("PeerAuthentication shop/default (", workload.PeerAuthenticationSource);
    }

    [Fact]
    public void Policy_in_another_namespace_does_not_apply()
    {
        var workload = Api(AmbientNamespace, Deployment(), Policy("default", "elsewhere", "STRICT"));

        Assert.Equal("mesh default (PERMISSIVE)", workload.PeerAuthenticationSource);
    }

    [Fact]
    public void Unset_mode_inherits_the_next_level()
    {
        var workload = Api(AmbientNamespace, Deployment(), Policy("default", "shop", "STRICT"), Policy("api-only", "shop", "UNSET", "app: api"));

        Assert.Equal("STRICT", workload.PeerAuthenticationMode);
        Assert.StartsWith("PeerAuthentication shop/default (", workload.PeerAuthenticationSource);
    }

    [Fact]
    public void Absent_mode_inherits_like_unset()
    {
        var workload = Api(AmbientNamespace, Deployment(), Policy("mesh", "istio-system", "STRICT"), Policy("default", "shop", mode: null));

        Assert.Equal("STRICT", workload.PeerAuthenticationMode);
        Assert.StartsWith("PeerAuthentication istio-system/mesh (", workload.PeerAuthenticationSource);
    }
}
