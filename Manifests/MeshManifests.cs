using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Reading;

namespace AmbientVerify.Manifests;

/// <summary>
/// Every object of a directory of rendered manifests (multi-document YAML), typed for what the harness reads.
/// Objects of kinds the harness does not model are kept as <see cref="OtherObjects"/> so audits can still see them.
/// </summary>
public sealed record MeshManifests
{
    public required string SourceDirectory { get; init; }
    public IReadOnlyList<NamespaceManifest> Namespaces { get; init; } = [];
    public IReadOnlyList<DeploymentManifest> Deployments { get; init; } = [];
    public IReadOnlyList<ServiceManifest> Services { get; init; } = [];
    public IReadOnlyList<GatewayManifest> Gateways { get; init; } = [];
    public IReadOnlyList<GatewayClassManifest> GatewayClasses { get; init; } = [];
    public IReadOnlyList<HttpRouteManifest> HttpRoutes { get; init; } = [];
    public IReadOnlyList<VirtualServiceManifest> VirtualServices { get; init; } = [];
    public IReadOnlyList<DestinationRuleManifest> DestinationRules { get; init; } = [];
    public IReadOnlyList<PeerAuthenticationManifest> PeerAuthentications { get; init; } = [];
    public IReadOnlyList<IstioGatewayManifest> IstioGateways { get; init; } = [];
    public IReadOnlyList<ReferenceGrantManifest> ReferenceGrants { get; init; } = [];
    public IReadOnlyList<CustomResourceDefinitionManifest> CustomResourceDefinitions { get; init; } = [];
    public IReadOnlyList<ObjectRef> OtherObjects { get; init; } = [];

    /// <summary>Reads every *.yaml / *.yml file under <paramref name="directory"/> (recursively, sorted by path).</summary>
    /// <exception cref="ManifestException">Missing directory, no manifests, malformed YAML, bad durations.</exception>
    public static MeshManifests LoadDirectory(string directory) => ManifestReader.ReadDirectory(directory);

    /// <summary>Parses one multi-document YAML text; <paramref name="sourceName"/> is used in messages.</summary>
    public static MeshManifests Parse(string yaml, string sourceName = "inline.yaml") =>
        ManifestReader.ReadText(yaml, sourceName);

    /// <summary>
    /// One set from several (e.g. one per live object read from a cluster, each with its own source name), in the
    /// order given. Objects are not de-duplicated: a caller merging sets that share an object gets it twice.
    /// </summary>
    public static MeshManifests Merge(string sourceDirectory, IEnumerable<MeshManifests> sets)
    {
        var all = sets.ToList();
        return new MeshManifests
        {
            SourceDirectory = sourceDirectory,
            Namespaces = [.. all.SelectMany(m => m.Namespaces)],
            Deployments = [.. all.SelectMany(m => m.Deployments)],
            Services = [.. all.SelectMany(m => m.Services)],
            Gateways = [.. all.SelectMany(m => m.Gateways)],
            GatewayClasses = [.. all.SelectMany(m => m.GatewayClasses)],
            HttpRoutes = [.. all.SelectMany(m => m.HttpRoutes)],
            VirtualServices = [.. all.SelectMany(m => m.VirtualServices)],
            DestinationRules = [.. all.SelectMany(m => m.DestinationRules)],
            PeerAuthentications = [.. all.SelectMany(m => m.PeerAuthentications)],
            IstioGateways = [.. all.SelectMany(m => m.IstioGateways)],
            ReferenceGrants = [.. all.SelectMany(m => m.ReferenceGrants)],
            CustomResourceDefinitions = [.. all.SelectMany(m => m.CustomResourceDefinitions)],
            OtherObjects = [.. all.SelectMany(m => m.OtherObjects)],
        };
    }
}
