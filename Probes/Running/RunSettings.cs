using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Inspection;

using AmbientVerify.Manifests.Topology;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Probes.Running;

/// <summary>Everything one run needs: where to probe, which manifests describe it, and what to expect.</summary>
/// <param name="GatewayName">The main Gateway's name ("name" or "namespace/name"); null picks the one with the most routes.</param>
/// <param name="Target">"local" or "cluster": a label on reports and metrics only.</param>
/// <param name="Dataplane">The dataplane admin endpoints (ztunnel, sidecars); null or none: the dataplane checks say error.</param>
/// <param name="Readiness">What must answer before the first probe; null: start at once.</param>
public sealed record RunSettings(
    Uri Gateway,
    string ManifestsDirectory,
    string? GatewayName,
    MeshMode Expect,
    string Target,
    ExpectationOptions Expectations,
    RunnerOptions Runner,
    DataplaneAdminOptions? Dataplane = null,
    ReadinessOptions? Readiness = null)
{
    /// <summary><c>--istio-version</c>; null = the newest supported.</summary>
    public IstioVersion? IstioVersion { get; init; }

    /// <summary><c>--gateway-api-channel</c>; null = the manifests' HTTPRoute CRD channel, else experimental.</summary>
    public GatewayApiChannel? GatewayApiChannel { get; init; }

    /// <summary><c>--expectations FILE</c>, read and checked; null: every route is expected to behave by <see cref="Expectations"/>.</summary>
    public ExpectationsFile? ExpectationsFile { get; init; }

    /// <summary><c>--assume-namespace-labels</c>: labels of namespaces the manifests lack, reported as assumed.</summary>
    public IReadOnlyList<NamespaceLabel> AssumedNamespaceLabels { get; init; } = [];
}
