using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Tests.Cluster;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Checks.Cluster;

/// <summary>A sample on a seeded cluster with a planted problem, read back: what each precheck judges.</summary>
internal static class PrecheckScenario
{
    public static async Task<LiveCluster> ReadAsync(string sample, SeededClusterOptions? options = null)
    {
        var (api, cluster) = await SeededReading.SeedAndReadAsync(sample, options);
        await api.DisposeAsync();
        return cluster;
    }

    public static Manifests.Routing.IngressGateway MainGateway(LiveCluster cluster) => GatewayRoutes.SelectMainGateway(cluster.Manifests);
}
