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

    /// <summary>Gateway to emulate ("name" or "namespace/name"). Default: empty = the Gateway with the most attached routes.</summary>
    public string? GatewayName { get; set; }

    /// <summary>
    /// Backend base URL per Service name (<c>LocalMesh:Backends:customer-service=http://127.0.0.1:5123</c>).
    /// Default: empty; then Aspire's <c>services:&lt;name&gt;:http:0</c> is used.
    /// </summary>
    public Dictionary<string, string> Backends { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// MeshConfig <c>defaultHttpRetryPolicy</c>: the retry policy of routes that set none. Default: null = Istio's
    /// built-in default (2 retries on connect-failure,refused-stream,unavailable,cancelled, no status code).
    /// </summary>
    public DefaultHttpRetryPolicyOptions? DefaultHttpRetryPolicy { get; set; }

    /// <summary>Largest request body buffered for replay on retry. Default 10 MiB; larger bodies get 413.</summary>
    public long MaxBufferedRequestBodyBytes { get; set; } = 10 * 1024 * 1024;
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
