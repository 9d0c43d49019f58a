using AmbientVerify.Manifests;
using AmbientVerify.Probes.Checks;
using AmbientVerify.Probes.Checks.Cluster;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Inspection;
using AmbientVerify.Probes.Tests.Cluster;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Checks.Cluster;

public sealed class PeerAuthenticationModeCheckTests
{
    private static async Task<IReadOnlyList<CheckResult>> JudgeAsync(FakeApiServer api)
    {
        var cluster = await SeededReading.ReadAsync(api);
        var inspector = new ClusterMeshInspector(cluster, ClusterConnection.FromHost(api.Url), new FakeTimeProvider());
        var routing = GatewayRoutes.Resolve(cluster.Manifests, GatewayRoutes.SelectMainGateway(cluster.Manifests), Manifests.Versions.MeshVersions.Default);
        var routed = await RoutedWorkloads.ResolveAsync(routing.Routes, inspector, TestContext.Current.CancellationToken);
        return PeerAuthenticationModeCheck.Judge(routed);
    }

    [Fact]
    public async Task Strict_from_the_namespace_policy_passes_for_every_routed_workload()
    {
        await using var api = await SeededCluster.StartAsync(Repository.Sample("ambient"));

        var results = await JudgeAsync(api);

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal(Verdict.Pass, r.Verdict));
    }

    [Fact]
    public async Task A_permissive_policy_fails_naming_it_and_the_remedy()
    {
        await using var api = await SeededCluster.StartAsync(Repository.Sample("ambient"));
        api.Update("security.istio.io", "peerauthentications", "ecommerce", "default", p => p["spec"]!["mtls"]!["mode"] = "PERMISSIVE");

        var results = await JudgeAsync(api);

        Assert.All(results, r => Assert.Equal(Verdict.Fail, r.Verdict));
        Assert.Contains("observed mode PERMISSIVE from PeerAuthentication ecommerce/default (cluster:peerauthentication/ecommerce/default:", results[0].Message);
        Assert.Contains("STRICT", results[0].Remedy);
    }
}
