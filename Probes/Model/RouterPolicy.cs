namespace AmbientVerify.Probes.Model;

/// <summary>
/// The router policy Envoy applies to one route: what the gateway was configured with, in Envoy's terms.
/// </summary>
/// <param name="RouteTimeout">Spans all tries and back-offs; null or zero means no route timeout.</param>
/// <param name="PerTryTimeout">Limit of one try; null means a try is limited only by the route timeout.</param>
/// <param name="Retries">Retries after the first try (num_retries): 3 means up to 4 tries.</param>
/// <param name="RetryOn">The conditions that trigger a retry.</param>
/// <param name="RetriableStatusCodes">Codes retried under <see cref="Model.RetryOn.RetriableStatusCodes"/>.</param>
/// <param name="BackoffBase">Envoy's base interval (default 25ms); the maximum interval is 10 times it.</param>
public sealed record RouterPolicy(
    TimeSpan? RouteTimeout,
    TimeSpan? PerTryTimeout,
    int Retries,
    RetryOn RetryOn,
    IReadOnlyList<int> RetriableStatusCodes,
    TimeSpan BackoffBase)
{
    /// <summary>
    /// The per-try timeout Envoy really arms: router.cc <c>FilterUtility::finalTimeout</c> sets it to 0 (none) when it is
    /// at least the route timeout and the route timeout is not 0 (disabled).
    /// </summary>
    public TimeSpan? EffectivePerTryTimeout =>
        PerTryTimeout is { } perTry && perTry > TimeSpan.Zero
        && (RouteTimeout is not { } route || route <= TimeSpan.Zero || perTry < route)
            ? perTry
            : null;

    /// <summary>Envoy's default back-off base interval.</summary>
    public static readonly TimeSpan DefaultBackoffBase = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// What Istio programs for an HTTPRoute rule with <c>retry: {attempts, codes}</c> (Istio 1.25+):
    /// retry_on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes; no per-try timeout
    /// unless backendRequest is set.
    /// </summary>
    public static RouterPolicy IstioHttpRoute(TimeSpan? requestTimeout, int attempts, IReadOnlyList<int> codes, TimeSpan? backendRequest = null) =>
        new(requestTimeout, backendRequest, attempts,
            RetryOn.ConnectFailure | RetryOn.RefusedStream | RetryOn.Unavailable | RetryOn.Cancelled | RetryOn.RetriableStatusCodes,
            codes, DefaultBackoffBase);
}
