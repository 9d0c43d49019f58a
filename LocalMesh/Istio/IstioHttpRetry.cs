namespace AmbientVerify.LocalMesh.Istio;

/// <summary>
/// Istio's <c>networking.istio.io HTTPRetry</c> (VirtualService <c>retries</c>, MeshConfig
/// <c>defaultHttpRetryPolicy</c>): the shape every retry setting passes through before Istio turns it into
/// Envoy's retry policy. HTTPRoute <c>retry</c> is first converted into this shape, exactly as Istio does.
/// </summary>
/// <param name="Attempts">Retries (not tries). 0 or less disables retries altogether.</param>
/// <param name="RetryOn">Comma list of Envoy conditions and bare status codes; null keeps Istio's default conditions.</param>
/// <param name="PerTryTimeout">Per-try timeout; null = none.</param>
/// <param name="Backoff">Back-off base interval (Istio 1.26+); null = Envoy's 25ms.</param>
/// <param name="RetryRemoteLocalities">true: Envoy's previous_priorities retry priority (retry other localities).</param>
/// <param name="RetryIgnorePreviousHosts">false: no previous_hosts predicate (a retry may reuse the host); null: Istio's default (avoid them).</param>
public sealed record IstioHttpRetry(
    int Attempts,
    string? RetryOn,
    TimeSpan? PerTryTimeout,
    TimeSpan? Backoff = null,
    bool? RetryRemoteLocalities = null,
    bool? RetryIgnorePreviousHosts = null);
