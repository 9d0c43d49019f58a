using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Expectations;

namespace AmbientVerify.Probes.Running;

/// <summary>What one <c>audit</c> (and the static part of <c>gate --target cluster</c>) reads and judges.</summary>
/// <param name="Cluster">Kubeconfig, context and the platform's namespace.</param>
/// <param name="GatewayName">The main Gateway ("name", "namespace/name", or kind-prefixed); null picks the one with the most routes.</param>
/// <param name="Expectations">The plan's expected policy (the legacy VirtualService by default).</param>
public sealed record ClusterAuditSettings(ClusterTarget Cluster, MeshMode Expect, string? GatewayName, ExpectationOptions Expectations)
{
    /// <summary><c>--istio-version</c>: overrides the istiod image's version; null reads it from the cluster.</summary>
    public IstioVersion? IstioVersion { get; init; }

    /// <summary><c>--gateway-api-channel</c>: overrides the installed HTTPRoute CRD's channel; null reads it from the cluster.</summary>
    public GatewayApiChannel? GatewayApiChannel { get; init; }

    /// <summary><c>--expectations FILE</c>, read and checked.</summary>
    public ExpectationsFile? ExpectationsFile { get; init; }

    /// <summary>The audit's part of a gate's (or the audit's own) bound settings, against <paramref name="cluster"/>.</summary>
    public static ClusterAuditSettings From(ClusterTarget cluster, RunSettings run) => new(cluster, run.Expect, run.GatewayName, run.Expectations)
    {
        IstioVersion = run.IstioVersion,
        GatewayApiChannel = run.GatewayApiChannel,
        ExpectationsFile = run.ExpectationsFile,
    };
}
