using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Cluster;

/// <summary>A sample applied to a seeded fake cluster, read back through KubernetesClient.</summary>
internal static class SeededReading
{
    public const string Namespace = "ecommerce";

    public static ClusterTarget Target => new(null, null, Namespace);

    public static async Task<LiveCluster> ReadAsync(FakeApiServer api, string? ns = null) =>
        await LiveClusterReader.ReadAsync(ClusterConnection.FromHost(api.Url), ns is null ? Target : Target with { Namespace = ns }, TestContext.Current.CancellationToken);

    public static async Task<(FakeApiServer Api, LiveCluster Cluster)> SeedAndReadAsync(string sample, SeededClusterOptions? options = null)
    {
        var api = await SeededCluster.StartAsync(Repository.Sample(sample), options);
        return (api, await ReadAsync(api));
    }
}
