using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Checks;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// A live cluster made ready to judge (<see cref="ClusterAuditRun.PrepareAsync"/>): the objects read, the versions
/// the verdicts assume, the main gateway and its routes resolved as for manifests, what each route is expected to do,
/// the inspector and the workloads the routes lead to. The gate adds traffic on top of the same view.
/// </summary>
/// <param name="Manifests">The live configuration without the harness's own objects (<see cref="LiveCluster.Manifests"/>).</param>
/// <param name="IstioVersionSource">Where <see cref="MeshVersions.Istio"/> came from ("--istio-version", the istiod image, or the default when neither told).</param>
public sealed record ClusterView(
    LiveCluster Cluster,
    MeshManifests Manifests,
    MeshVersions Versions,
    string IstioVersionSource,
    IngressGateway Gateway,
    GatewayRouting Routing,
    IReadOnlyList<ProbeTarget> Targets,
    ExpectationsByRoute Expectations,
    IReadOnlyList<AppliedExpectations> Applied,
    IMeshInspector Inspector,
    IReadOnlyList<RoutedService> Routed);
