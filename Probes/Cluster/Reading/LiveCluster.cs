using AmbientVerify.Manifests;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>
/// What <see cref="LiveClusterReader"/> read from a cluster: every configuration object (with its JSON), the pods of
/// the target namespace, Istio's node agents, the nodes, the Istio version, the Gateway API CRDs, HTTPRoute statuses
/// and the APIs that are not served. <see cref="Manifests"/> is the same typed view the manifest files give, so a
/// route is resolved and judged the same way in both targets.
/// </summary>
/// <param name="Objects">Every configuration object read, the harness's own included (see <see cref="LiveObject.IsHarnessObject"/>).</param>
/// <param name="Pods">The pods of the target namespace.</param>
/// <param name="DeploymentSelectors">Each Deployment's pod selector (target namespace).</param>
/// <param name="DaemonSets">Istio's node agents found: ztunnel and istio-cni-node (by name or label); empty when neither runs.</param>
/// <param name="Nodes">The cluster's node names.</param>
public sealed record LiveCluster(
    ClusterTarget Target,
    IReadOnlyList<LiveObject> Objects,
    IReadOnlyList<LivePod> Pods,
    IReadOnlyList<LiveDeploymentSelector> DeploymentSelectors,
    IReadOnlyList<LiveDaemonSet> DaemonSets,
    IReadOnlyList<string> Nodes,
    LiveIstioVersion IstioVersion,
    LiveGatewayApiCrds GatewayApiCrds,
    IReadOnlyList<LiveHttpRouteStatus> HttpRouteStatuses,
    IReadOnlyList<MissingApi> MissingApis)
{
    /// <summary>Kinds the harness reads but does not emulate (DESIGN §2.1 "Ambient without a waypoint"): each is a gap, never dropped.</summary>
    public static readonly IReadOnlyList<string> NotEmulatedKinds = ["EnvoyFilter", "RequestAuthentication", "AuthorizationPolicy", "Telemetry", "WasmPlugin"];

    private MeshManifests? _manifests;

    // A copy made with `with` may hold other objects: it reads its manifests afresh.
    private LiveCluster(LiveCluster original)
    {
        (Target, Objects, Pods, DeploymentSelectors, DaemonSets, Nodes, IstioVersion, GatewayApiCrds, HttpRouteStatuses, MissingApis) =
            (original.Target, original.Objects, original.Pods, original.DeploymentSelectors, original.DaemonSets, original.Nodes,
             original.IstioVersion, original.GatewayApiCrds, original.HttpRouteStatuses, original.MissingApis);
    }

    /// <summary>
    /// The configuration as manifests, without the harness's own objects (they must not be audited): what the config
    /// audit, the route resolution and the mesh checks read.
    /// </summary>
    /// <exception cref="ManifestException">A live object the manifest reader refuses (its message names <c>cluster:kind/ns/name</c>).</exception>
    public MeshManifests Manifests => _manifests ??= LiveManifests.From(this, Objects.Where(o => !o.IsHarnessObject));

    /// <summary>The configuration with the harness's own objects (the gate looks for its twin routes there).</summary>
    public MeshManifests ManifestsIncludingHarnessObjects() => LiveManifests.From(this, Objects);

    /// <summary>One object by group, kind, namespace ("" for cluster-scoped) and name; null when it was not read.</summary>
    public LiveObject? Find(string group, string kind, string @namespace, string name) =>
        Objects.FirstOrDefault(o => o.Key == new LiveObjectKey(group, kind, @namespace, name));

    /// <summary>The objects of kinds in <see cref="NotEmulatedKinds"/> (not the harness's own).</summary>
    public IReadOnlyList<LiveObject> NotEmulated =>
        [.. Objects.Where(o => !o.IsHarnessObject && NotEmulatedKinds.Contains(o.Key.Kind))];

    public LiveDaemonSet? Ztunnel => DaemonSets.FirstOrDefault(d => d.Name == LiveClusterReader.ZtunnelName);

    public LiveDaemonSet? IstioCni => DaemonSets.FirstOrDefault(d => d.Name == LiveClusterReader.IstioCniName);
}
