using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.LocalMesh.Istio;

/// <summary>
/// What Envoy is told for one route once Istio has translated it: the route timeout and the retry policy.
/// This is the local equivalent of the route's entry in <c>istioctl proxy-config routes -o json</c>.
/// </summary>
/// <param name="RouteTimeout">Envoy route <c>timeout</c>; spans every try and back-off. Null = disabled (Istio's default).</param>
/// <param name="PerTryTimeout">Envoy <c>per_try_timeout</c>. Null = none (each try is bounded by the route timeout only).</param>
/// <param name="NumRetries">Retries after the first try (3 → up to 4 tries). 0 = no retry policy.</param>
/// <param name="RetryOn">Envoy <c>retry_on</c> conditions.</param>
/// <param name="RetriableStatusCodes">Envoy <c>retriable_status_codes</c>; only used with <see cref="Istio.RetryOn.RetriableStatusCodes"/>.</param>
/// <param name="BackoffBase">Envoy <c>retry_back_off.base_interval</c>; 25ms unless set.</param>
/// <param name="BackoffMax">Envoy <c>retry_back_off.max_interval</c>; 10 × base unless set.</param>
/// <param name="Description">The policy in words, naming where each part came from.</param>
public sealed record RoutePolicy(
    TimeSpan? RouteTimeout,
    TimeSpan? PerTryTimeout,
    int NumRetries,
    RetryOn RetryOn,
    IReadOnlySet<int> RetriableStatusCodes,
    TimeSpan BackoffBase,
    TimeSpan BackoffMax,
    string Description)
{
    /// <summary>Envoy's default <c>retry_back_off.base_interval</c>.</summary>
    public static readonly TimeSpan DefaultBackoffBase = TimeSpan.FromMilliseconds(25);

    /// <summary>Envoy's default max interval is ten times the base interval.</summary>
    public const int BackoffMaxFactor = 10;

    /// <summary>
    /// The per-try timeout Envoy applies: envoy <c>source/common/router/router.cc</c> <c>FilterUtility::finalTimeout</c>
    /// drops it when it is not below the route timeout
    /// (<c>if (per_try_timeout_ &gt;= global_timeout_ &amp;&amp; global_timeout_.count() != 0) per_try_timeout_ = 0</c>);
    /// a route without timeout keeps it.
    /// </summary>
    public TimeSpan? EffectivePerTryTimeout =>
        PerTryTimeout is { } perTry && (RouteTimeout is not { } route || perTry < route) ? perTry : null;

    /// <summary>Up to how many tries a request can take.</summary>
    public int MaxTries => NumRetries + 1;

    /// <summary>
    /// Envoy's <c>envoy.retry_host_predicates.previous_hosts</c> on the retry policy (retry.go: set by default, removed
    /// by <c>retryIgnorePreviousHosts: false</c>): a retry avoids the hosts already tried. Shown, not emulated: the
    /// local gateway takes the next pod in turn whatever this says.
    /// </summary>
    public bool AvoidsPreviousHosts { get; init; } = true;

    /// <summary>
    /// Envoy's <c>envoy.retry_priorities.previous_priorities</c> (retry.go, <c>retryRemoteLocalities: true</c>): retries
    /// move to other localities. Shown, not emulated: the local mesh has one locality.
    /// </summary>
    public bool RetriesRemoteLocalities { get; init; }

    /// <summary>The Istio version whose translation this is.</summary>
    public IstioVersion IstioVersion { get; init; } = IstioVersion.Default;
}
