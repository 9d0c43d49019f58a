using System.Text.Json;
using AmbientVerify.Manifests;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>
/// Live objects through the manifest reader (JSON is YAML), one object at a time so each keeps a source name that
/// reads well in messages (<c>cluster:httproute/ecommerce/customer-route:12</c>), then merged into one set.
/// </summary>
internal static class LiveManifests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static MeshManifests From(LiveCluster cluster, IEnumerable<LiveObject> objects) =>
        MeshManifests.Merge(
            $"cluster ({cluster.Target})",
            objects.Select(o => MeshManifests.Parse(o.Json.ToJsonString(Indented), o.Key.SourceName)));
}
