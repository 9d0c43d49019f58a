using AmbientVerify.LocalMesh.Istio;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>Configuration section <c>LocalMesh</c>.</summary>
public sealed class LocalMeshOptions
{
    public const string SectionName = "LocalMesh";

    /// <summary>
    /// Directory of rendered manifests (HTTPRoutes, VirtualServices, Gateways) to serve. Required: without it
    /// the gateway refuses to start.
    /// </summary>
    public string? Manifests { get; set; }

    /// <summary>
    /// Labels of namespaces the manifests use without a Namespace object (<c>ecommerce:istio.io/dataplane-mode=ambient</c>,
    /// comma separated), so the dataplane captures their pods as the run assumes; the AppHost sets them from
    /// <c>--expect</c> / <c>--namespace-label</c>. Default: empty = such a namespace has no labels.
    /// </summary>
    public string? AssumeNamespaceLabels { get; set; }

    /// <summary>
    /// URL of the gateway's admin server (Envoy's admin): <c>/health</c>, <c>/alive</c>, <c>/metrics</c> and
    /// <c>/__mesh/routes</c> move there, so every path of the gateway port is the chart's (see <see cref="GatewayAdmin"/>).
    /// Must name its port. Default: none = served on the gateway port, where they shadow a chart's routes on those paths.
    /// </summary>
    public string? Admin { get; set; }

    /// <summary>Gateway to emulate ("name" or "namespace/name"). Default: empty = the Gateway with the most attached routes.</summary>
    public string? GatewayName { get; set; }

    /// <summary>The Istio version whose behaviour to emulate ("1.28"). Default: empty = the newest supported.</summary>
    public string? IstioVersion { get; set; }

    /// <summary>
    /// The Gateway API CRD channel of the cluster, <c>standard</c> or <c>experimental</c>. Default: empty = the channel of the
    /// HTTPRoute CRD in the manifests, else experimental.
    /// </summary>
    public string? GatewayApiChannel { get; set; }

    /// <summary>
    /// Backend base URL per namespace and Service (<c>LocalMesh:Backends:ecommerce:customer-service=http://127.0.0.1:5123</c>;
    /// see <see cref="Manifests.LocalMeshKeys.Backend"/>, read by <see cref="BackendResolver"/>). Default: empty (every try answers 503).
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Backends { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// MeshConfig <c>defaultHttpRetryPolicy</c>: the retry policy of routes that set none. Default: null = Istio's
    /// built-in default (2 retries on connect-failure,refused-stream,unavailable,cancelled, no status code).
    /// </summary>
    public DefaultHttpRetryPolicyOptions? DefaultHttpRetryPolicy { get; set; }

    /// <summary>
    /// Envoy's retry buffer: the largest request body kept for replay on retry. A larger body is not refused: the
    /// request loses its retries and the body streams on to its one try (router.cc <c>decodeData</c>). Default 1 MiB,
    /// Envoy's default <c>per_connection_buffer_limit_bytes</c> (listener.proto: "If unspecified, an implementation
    /// defined default is applied (1MiB)"), which Istio 1.22–1.30 leave on gateway listeners (only 1.31's opt-in
    /// EDGE ConnectionSettings profile sets 32 KiB) and which the router uses as <c>retry_shadow_buffer_limit_</c>.
    /// </summary>
    public long MaxBufferedRequestBodyBytes { get; set; } = DefaultRetryBufferBytes;

    /// <summary>1 MiB: Envoy's default per-connection buffer limit.</summary>
    public const long DefaultRetryBufferBytes = 1024 * 1024;

    /// <summary>What this process is: <c>gateway</c> (default), <c>ztunnel</c> or <c>sidecar</c>.</summary>
    public string Mode { get; set; } = "gateway";

    /// <summary>
    /// Directory of the local mesh CA (created by whoever starts first, see <c>MeshCa.LoadOrCreate</c>).
    /// Default: none. Required by ztunnel and sidecar modes, and by the gateway when it dials through them.
    /// </summary>
    public string? MeshCa { get; set; }

    /// <summary>The node's ztunnel. Default: none (the gateway then dials captured pods in plaintext, as today).</summary>
    public ZtunnelOptions Ztunnel { get; set; } = new();

    /// <summary>This process's workload in sidecar mode.</summary>
    public SidecarOptions Sidecar { get; set; } = new();

    /// <summary>
    /// For the gateway: the sidecar processes by their admin URL, keyed by namespace and then pod
    /// (<c>LocalMesh:Sidecars:ecommerce:customer-service-1:Admin</c>, one process per pod) or workload
    /// (<c>LocalMesh:Sidecars:ecommerce:customer-service:Admin</c>, one process for all its pods; see
    /// <see cref="Manifests.LocalMeshKeys.SidecarAdmin"/>); a pod's own entry wins. Default: none (pods with a sidecar
    /// are dialled in plaintext).
    /// </summary>
    public Dictionary<string, Dictionary<string, SidecarEndpointOptions>> Sidecars { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Section <c>LocalMesh:Ztunnel</c>.</summary>
public sealed class ZtunnelOptions
{
    /// <summary>
    /// "host:port" of the HBONE listener (ztunnel's 15008): the ztunnel binds it, the gateway dials it. Default:
    /// none; in ztunnel mode none means 127.0.0.1 on a free port.
    /// </summary>
    public string? Hbone { get; set; }

    /// <summary>URL of the ztunnel's admin/metrics server (ztunnel's 15020); the ztunnel binds it. Default: ASP.NET Core's URLs.</summary>
    public string? Admin { get; set; }
}

/// <summary>Section <c>LocalMesh:Sidecar</c> (sidecar mode).</summary>
public sealed class SidecarOptions
{
    /// <summary>The Deployment whose pods this process proxies. Required in sidecar mode.</summary>
    public string? Workload { get; set; }

    /// <summary>
    /// The Deployment's namespace. Default: none = the one namespace with a Deployment of that name (refused when
    /// several have one: the AppHost always sets it).
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// The one pod of <see cref="Workload"/> this process is the sidecar of (e.g. <c>customer-service-1</c>), as in a
    /// cluster, where every pod runs its own istio-proxy. Default: none = every pod of the workload in this process.
    /// </summary>
    public string? Pod { get; set; }

    /// <summary>
    /// "host:port" of the first pod's inbound listener; further pods take the next free ports. Default: none =
    /// 127.0.0.1 on free ports. The real addresses are published on <c>/workloads</c>.
    /// </summary>
    public string? Inbound { get; set; }

    /// <summary>URL of the admin/metrics server. Default: ASP.NET Core's URLs.</summary>
    public string? Admin { get; set; }
}

/// <summary>Section <c>LocalMesh:Sidecars:&lt;namespace&gt;:&lt;pod or workload&gt;</c> (read by the gateway).</summary>
public sealed class SidecarEndpointOptions
{
    /// <summary>Admin URL of that pod's (or workload's) sidecar process; its <c>/workloads</c> lists the inbound listener of each pod it serves.</summary>
    public string? Admin { get; set; }
}

/// <summary>MeshConfig <c>defaultHttpRetryPolicy</c> (an Istio HTTPRetry).</summary>
public sealed class DefaultHttpRetryPolicyOptions
{
    /// <summary>Retries (not tries). Default 2; 0 disables retries on routes that set none.</summary>
    public int Attempts { get; set; } = RoutePolicyTranslator.IstioDefaultAttempts;

    /// <summary>Envoy conditions and bare status codes, comma separated. Default: Istio's default conditions.</summary>
    public string? RetryOn { get; set; }

    /// <summary>Per-try timeout as a duration ("10s", "500ms"). Default: none.</summary>
    public string? PerTryTimeout { get; set; }

    /// <exception cref="Manifests.ManifestException">PerTryTimeout is not a duration.</exception>
    public IstioHttpRetry ToIstio() => new(
        Attempts,
        RetryOn,
        string.IsNullOrWhiteSpace(PerTryTimeout) ? null : Manifests.Durations.Parse(PerTryTimeout, "LocalMesh:DefaultHttpRetryPolicy:PerTryTimeout"));
}
