using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Checks.Cluster;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Checks.Cluster;

public sealed class NodeAgentsPrecheckTests
{
    [Fact]
    public async Task A_healthy_ambient_cluster_has_both_agents_on_every_node()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient");

        var results = NodeAgentsPrecheck.Judge(cluster, MeshMode.Ambient);

        Assert.Equal([Verdict.Pass, Verdict.Pass], results.Select(r => r.Verdict));
        Assert.Contains("3 of 3 ready, one on each of the 3 nodes", results[0].Message);
    }

    [Fact]
    public async Task A_node_without_ztunnel_is_named()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions { NodeWithoutZtunnel = "node-2" });

        var result = NodeAgentsPrecheck.Judge(cluster, MeshMode.Ambient)[0];

        Assert.Equal((Verdict.Fail, ClusterPrecheckConstants.ZtunnelCase.Id), (result.Verdict, result.CaseId));
        Assert.Contains("observed 2 of 3 desired pods ready; no ready pod on node node-2", result.Message);
        Assert.Equal("DaemonSet istio-system/ztunnel", result.Subject.ToString());
    }

    [Fact]
    public async Task An_istio_cni_pod_not_ready_fails_naming_its_node()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions { IstioCniNotReady = true });

        var result = NodeAgentsPrecheck.Judge(cluster, MeshMode.Ambient)[1];

        Assert.Equal((Verdict.Fail, ClusterPrecheckConstants.IstioCniCase.Id), (result.Verdict, result.CaseId));
        Assert.Contains("no ready pod on node node-3", result.Message);
    }

    [Fact]
    public async Task Without_agents_an_ambient_expectation_fails()
    {
        var cluster = await PrecheckScenario.ReadAsync("sidecar");

        var results = NodeAgentsPrecheck.Judge(cluster, MeshMode.Ambient);

        Assert.All(results, r => Assert.Equal(Verdict.Fail, r.Verdict));
        Assert.Contains("expected a ztunnel DaemonSet for ambient mode; observed none", results[0].Message);
        Assert.Contains("istioctl install --set profile=ambient", results[0].Message);
    }

    [Fact]
    public async Task Without_agents_a_sidecar_expectation_passes()
    {
        var cluster = await PrecheckScenario.ReadAsync("sidecar");

        Assert.All(NodeAgentsPrecheck.Judge(cluster, MeshMode.Sidecar), r => Assert.Equal(Verdict.Pass, r.Verdict));
    }
}
