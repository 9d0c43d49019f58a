using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// What the manifests of the application do not say about the dataplane: nodes, and ztunnel's and istio-cni's
/// requests (their charts are not in the application's manifests). Defaults: Istio's charts (<see cref="IstioResourceDefaults"/>).
/// </summary>
public sealed record DataplaneSizing
{
    /// <summary>Nodes the pods run on: one ztunnel and one istio-cni each. Default 3; at least 1.</summary>
    public int Nodes { get; init; } = 3;

    /// <summary>ztunnel requests per node; default 200m / 512Mi.</summary>
    public ResourceAmounts ZtunnelRequests { get; init; } = IstioResourceDefaults.ZtunnelRequests;

    /// <summary>ztunnel limits per node; default none (the chart sets none).</summary>
    public ResourceAmounts ZtunnelLimits { get; init; } = ResourceAmounts.Unset;

    /// <summary>istio-cni requests per node; default 100m / 100Mi.</summary>
    public ResourceAmounts CniRequests { get; init; } = IstioResourceDefaults.CniRequests;

    /// <summary>istio-cni limits per node; default none (the chart sets none).</summary>
    public ResourceAmounts CniLimits { get; init; } = ResourceAmounts.Unset;

    /// <summary>
    /// True when the sidecar install already ran istio-cni (then it is no added cost of ambient). Default false: the
    /// sidecar install is assumed to use the istio-init container, so istio-cni is an added cost. The builder also
    /// detects it (an istio-cni DaemonSet in the manifests, or injected pods without istio-init).
    /// </summary>
    public bool BeforeStateRanCni { get; init; }

    /// <summary>Where the ztunnel figures came from, for the assumptions.</summary>
    public string ZtunnelSource { get; init; } = IstioResourceDefaults.ZtunnelSource;

    /// <summary>Where the istio-cni figures came from, for the assumptions.</summary>
    public string CniSource { get; init; } = IstioResourceDefaults.CniSource;

    public IEnumerable<string> Problems()
    {
        if (Nodes < 1)
        {
            yield return $"nodes must be at least 1 (got {Nodes})";
        }
    }
}
