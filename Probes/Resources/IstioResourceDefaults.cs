using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// What Istio gives its dataplane when nothing says otherwise, read from istio/istio (commit 86c9f01fd735, Aug 2026).
/// </summary>
public static class IstioResourceDefaults
{
    private const long Mi = 1024 * 1024;

    /// <summary>
    /// <c>global.proxy.resources.requests</c>: cpu 100m, memory 128Mi
    /// (manifests/charts/istio-control/istio-discovery/values.yaml).
    /// </summary>
    public static readonly ResourceAmounts SidecarRequests = new(0.1, 128 * Mi);

    /// <summary><c>global.proxy.resources.limits</c>: cpu 2000m, memory 1024Mi (same file).</summary>
    public static readonly ResourceAmounts SidecarLimits = new(2.0, 1024 * Mi);

    /// <summary><c>resources.requests</c>: cpu 200m, memory 512Mi; no limits (manifests/charts/ztunnel/values.yaml).</summary>
    public static readonly ResourceAmounts ZtunnelRequests = new(0.2, 512 * Mi);

    /// <summary><c>resources.requests</c>: cpu 100m, memory 100Mi; no limits (manifests/charts/istio-cni/values.yaml).</summary>
    public static readonly ResourceAmounts CniRequests = new(0.1, 100 * Mi);

    public const string SidecarSource = "istio/istio manifests/charts/istio-control/istio-discovery/values.yaml global.proxy.resources (requests 100m/128Mi, limits 2000m/1024Mi)";
    public const string ZtunnelSource = "istio/istio manifests/charts/ztunnel/values.yaml resources (requests 200m/512Mi, no limits)";
    public const string CniSource = "istio/istio manifests/charts/istio-cni/values.yaml resources (requests 100m/100Mi, no limits)";

    // The injector's per-pod overrides (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml,
    // define "resources"): when ANY of the four is set, the template writes only the annotated fields and drops
    // global.proxy.resources entirely; otherwise it writes the defaults.
    public const string ProxyCpuAnnotation = "sidecar.istio.io/proxyCPU";
    public const string ProxyMemoryAnnotation = "sidecar.istio.io/proxyMemory";
    public const string ProxyCpuLimitAnnotation = "sidecar.istio.io/proxyCPULimit";
    public const string ProxyMemoryLimitAnnotation = "sidecar.istio.io/proxyMemoryLimit";

    public static readonly IReadOnlyList<string> ProxyResourceAnnotations =
        [ProxyCpuAnnotation, ProxyMemoryAnnotation, ProxyCpuLimitAnnotation, ProxyMemoryLimitAnnotation];

    /// <summary>The init container the injector adds when istio-cni is not used (injection-template.yaml, <c>pilot.cni.enabled</c> false).</summary>
    public const string InitContainer = "istio-init";
}
