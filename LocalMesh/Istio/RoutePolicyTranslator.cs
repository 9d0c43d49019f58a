using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Validation;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.LocalMesh.Istio;

/// <summary>
/// Turns a gateway route into the Envoy route policy Istio would program, following
/// istio/istio <c>pilot/pkg/config/kube/gateway/conversion.go</c> (HTTPRoute → VirtualService) and
/// <c>pilot/pkg/networking/core/route/retry/retry.go</c> (VirtualService retries → Envoy retry policy).
/// Pure: the same route always gives the same policy. Annotations are never read: Istio has no
/// <c>retry.istio.io/*</c> annotation, so whatever they say has no effect on the gateway.
/// </summary>
public static class RoutePolicyTranslator
{
    /// <summary>Istio's default retry_on (retry.go <c>defaultPolicy</c>); since 1.24 without any status code.</summary>
    public const string IstioDefaultRetryOn = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

    /// <summary>Istio's default number of retries, for routes without a retry setting.</summary>
    public const int IstioDefaultAttempts = 2;

    /// <summary>The conditions Istio puts in front of an HTTPRoute's retry codes (conversion.go).</summary>
    private const string HttpRouteRetryOn = "connect-failure,refused-stream,unavailable,cancelled";

    /// <param name="route">The effective route (VirtualService wins over an HTTPRoute on the same path).</param>
    /// <param name="meshDefaultRetryPolicy">MeshConfig <c>defaultHttpRetryPolicy</c>; null = Istio's built-in default.</param>
    /// <param name="version">The Istio version whose translation to follow; null = <see cref="IstioVersion.Default"/>.</param>
    public static RoutePolicy Translate(GatewayRoute route, IstioHttpRetry? meshDefaultRetryPolicy = null, IstioVersion? version = null) =>
        route.Kind switch
        {
            RouteKind.VirtualService => FromVirtualService(
                route.VirtualServiceRoute ?? throw MissingSource(route, "VirtualService http route"),
                route.Source,
                meshDefaultRetryPolicy,
                version),
            RouteKind.HTTPRoute => FromHttpRoute(
                route.HttpRouteRule ?? throw MissingSource(route, "HTTPRoute rule"),
                route.Source,
                meshDefaultRetryPolicy,
                version),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route.Kind, "unknown route kind"),
        };

    /// <summary>HTTPRoute rule → VirtualService http route (conversion.go), then → Envoy.</summary>
    public static RoutePolicy FromHttpRoute(HttpRouteRule rule, ObjectRef source, IstioHttpRetry? meshDefaultRetryPolicy = null, IstioVersion? version = null)
    {
        var istio = version ?? IstioVersion.Default;
        var origin = $"{source} rule {rule.Index}";
        var notes = new List<string>();

        IstioHttpRetry? retry = null;
        if (rule.Retry is { } stanza && !istio.HonoursHttpRouteRetry)
        {
            // conversion.go before 1.25 has no r.Retry branch: the stanza changes nothing (and backendRequest below
            // then replaces the route timeout, as for any rule without retry).
            notes.Add($"retry stanza ignored: Istio {istio} does not translate HTTPRoute retry (1.25+); Istio's default retry policy applies");
        }
        else if (rule.Retry is { } honoured)
        {
            var attempts = honoured.Attempts ?? IstioDefaultAttempts;
            // conversion.go: retry_on = the connection conditions + the codes as text (retry.go then keeps as codes only
            // those Go's http.StatusText knows); "Invalid to set this when there are no attempts": attempts 0 → no retryOn.
            var retryOn = attempts == 0
                ? null
                : string.Join(',', [HttpRouteRetryOn, .. honoured.Codes.Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            TimeSpan? backoff = null;
            if (honoured.Backoff is { } requested)
            {
                if (istio.HonoursRetryBackoff)
                {
                    backoff = requested;
                }
                else
                {
                    notes.Add($"retry.backoff {Durations.Format(requested)} ignored: Istio {istio} does not translate it (1.26+)");
                }
            }

            retry = new IstioHttpRetry(attempts, retryOn, PerTryTimeout: null, backoff);
            notes.Add($"retry: attempts {(honoured.Attempts is null ? $"unset (Istio default {IstioDefaultAttempts})" : honoured.Attempts.Value)}"
                      + (honoured.Codes.Count > 0 ? $", codes {string.Join(',', honoured.Codes)}" : ", no codes")
                      + (backoff is { } b ? $", backoff {Durations.Format(b)}" : ""));
        }
        else
        {
            notes.Add("no retry stanza: Istio's default retry policy applies");
        }

        // conversion.go: request → timeout; backendRequest → per-try timeout when retry is set, else it
        // REPLACES the route timeout. A zero duration is skipped (leaving the route without a timeout).
        TimeSpan? timeout = null;
        if (rule.Timeouts?.Request is { } request && request > TimeSpan.Zero)
        {
            timeout = request;
            notes.Add($"timeouts.request {Durations.Format(request)} → route timeout");
        }
        else if (rule.Timeouts?.Request is not null)
        {
            notes.Add("timeouts.request 0s → route timeout disabled");
        }

        if (rule.Timeouts?.BackendRequest is { } backendRequest && backendRequest > TimeSpan.Zero)
        {
            if (retry is not null)
            {
                retry = retry with { PerTryTimeout = backendRequest };
                notes.Add($"timeouts.backendRequest {Durations.Format(backendRequest)} → per-try timeout");
            }
            else
            {
                timeout = backendRequest;
                notes.Add($"timeouts.backendRequest {Durations.Format(backendRequest)} without retry → REPLACES the route timeout");
            }
        }

        return Build(timeout, retry, meshDefaultRetryPolicy, istio, origin, notes);
    }

    /// <summary>VirtualService http route → Envoy (route.go / retry.go).</summary>
    public static RoutePolicy FromVirtualService(VirtualServiceHttpRoute http, ObjectRef source, IstioHttpRetry? meshDefaultRetryPolicy = null, IstioVersion? version = null)
    {
        var istio = version ?? IstioVersion.Default;
        var origin = $"{source} http[{http.Index}]" + (http.Name is null ? "" : $" ({http.Name})");
        var notes = new List<string>();

        // Istio always sets the Envoy route timeout: the VirtualService timeout, or 0 (disabled) when unset.
        TimeSpan? timeout = http.Timeout is { } set && set > TimeSpan.Zero ? set : null;
        notes.Add(http.Timeout switch
        {
            null => "no timeout: route timeout disabled (Istio sets 0)",
            { } zero when zero <= TimeSpan.Zero => "timeout 0s → route timeout disabled",
            { } value => $"timeout {Durations.Format(value)} → route timeout",
        });

        IstioHttpRetry? retry = null;
        if (http.Retries is { } retries)
        {
            var backoff = istio.HonoursRetryBackoff ? retries.Backoff : null;
            var ignorePrevious = istio.HonoursRetryIgnorePreviousHosts ? retries.RetryIgnorePreviousHosts : null;
            retry = new IstioHttpRetry(retries.Attempts, retries.RetryOn, retries.PerTryTimeout, backoff, retries.RetryRemoteLocalities, ignorePrevious);
            notes.Add($"retries: attempts {retries.Attempts}"
                      + (retries.RetryOn is null ? ", retryOn unset (Istio default conditions)" : $", retryOn {retries.RetryOn}")
                      + (retries.PerTryTimeout is { } perTry ? $", perTryTimeout {Durations.Format(perTry)}" : ", no perTryTimeout")
                      + (backoff is { } b ? $", backoff {Durations.Format(b)}" : ""));
            if (retries.Backoff is { } unread && backoff is null)
            {
                notes.Add($"retries.backoff {Durations.Format(unread)} ignored: Istio {istio} does not read it (1.26+)");
            }

            if (retries.RetryIgnorePreviousHosts is { } flag && ignorePrevious is null)
            {
                notes.Add($"retries.retryIgnorePreviousHosts {(flag ? "true" : "false")} ignored: Istio {istio} does not read it (1.26+)");
            }
        }
        else
        {
            notes.Add("no retries: Istio's default retry policy applies");
        }

        return Build(timeout, retry, meshDefaultRetryPolicy, istio, origin, notes);
    }

    /// <summary>retry.go <c>ConvertPolicy</c>: HTTPRetry (or its absence) → Envoy retry policy.</summary>
    private static RoutePolicy Build(TimeSpan? timeout, IstioHttpRetry? retry, IstioHttpRetry? meshDefault, IstioVersion istio, string origin, List<string> notes)
    {
        // route.go: "No VS policy set, use mesh defaults".
        if (retry is null && meshDefault is not null)
        {
            retry = meshDefault;
            notes.Add("MeshConfig defaultHttpRetryPolicy used");
        }

        int numRetries;
        RetryOn retryOn;
        var codes = new SortedSet<int>();
        var backoffBase = RoutePolicy.DefaultBackoffBase;
        var avoidsPreviousHosts = true;
        var remoteLocalities = false;

        if (retry is null)
        {
            numRetries = IstioDefaultAttempts;
            retryOn = ParseRetryOn(IstioDefaultRetryOn, codes, notes);
            AddDefault503(istio, codes, notes);
        }
        else if (retry.Attempts <= 0)
        {
            // retry.go: "Configuration is explicitly disabling the retry policy."
            numRetries = 0;
            retryOn = RetryOn.None;
            notes.Add("attempts 0 → no retries");
        }
        else
        {
            numRetries = retry.Attempts;
            // retry.go: `if in.RetryOn != ""` — only an empty string keeps the default conditions (and, before 1.24,
            // the default policy's 503).
            if (string.IsNullOrEmpty(retry.RetryOn))
            {
                retryOn = ParseRetryOn(IstioDefaultRetryOn, codes, notes);
                AddDefault503(istio, codes, notes);
            }
            else
            {
                retryOn = ParseRetryOn(retry.RetryOn, codes, notes);
            }

            if (retry.Backoff is { } backoff && backoff > TimeSpan.Zero)
            {
                backoffBase = backoff;
            }

            if (retry.RetryIgnorePreviousHosts is { } ignorePrevious)
            {
                avoidsPreviousHosts = ignorePrevious;
            }

            remoteLocalities = retry.RetryRemoteLocalities == true;
        }

        var perTryTimeout = numRetries > 0 && retry?.PerTryTimeout is { } perTry && perTry > TimeSpan.Zero ? perTry : (TimeSpan?)null;
        var policy = new RoutePolicy(
            timeout,
            perTryTimeout,
            numRetries,
            retryOn,
            codes,
            backoffBase,
            backoffBase * RoutePolicy.BackoffMaxFactor,
            Description: "")
        {
            AvoidsPreviousHosts = avoidsPreviousHosts,
            RetriesRemoteLocalities = remoteLocalities,
            IstioVersion = istio,
        };
        return policy with { Description = Describe(policy, origin, notes) };
    }

    /// <summary>retry.go before 1.24: the default policy's <c>RetriableStatusCodes: []uint32{http.StatusServiceUnavailable}</c>.</summary>
    private static void AddDefault503(IstioVersion istio, SortedSet<int> codes, List<string> notes)
    {
        if (istio.DefaultRetryPolicyRetries503)
        {
            codes.Add(503);
            notes.Add($"Istio {istio}'s default retry policy also retries 503 (removed in 1.24)");
        }
    }

    /// <summary>
    /// retry.go <c>parseRetryOn</c>: each comma-separated part, trimmed, that Go's <c>strconv.Atoi</c> reads and
    /// <c>http.StatusText</c> names is a status code (and implies retriable-status-codes); the rest go to Envoy as
    /// condition names, where retry_policy_impl.cc reads them with <c>parseRetryOn</c> and <c>parseRetryGrpcOn</c>
    /// (case-sensitive) and ignores the names it does not know — so do we, with a note.
    /// </summary>
    private static RetryOn ParseRetryOn(string text, SortedSet<int> codes, List<string> notes)
    {
        var flags = RetryOn.None;
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (GoStatusText.TryParseStatusCode(raw, out var code))
            {
                codes.Add(code);
                flags |= RetryOn.RetriableStatusCodes;
            }
            else if (RetryOnNames.FromName(raw) is { } flag)
            {
                flags |= flag;
            }
            else
            {
                notes.Add($"retryOn '{raw}' is not an Envoy condition (nor a status code Istio reads): Envoy ignores it");
            }
        }

        return flags;
    }

    private static string Describe(RoutePolicy policy, string origin, List<string> notes)
    {
        var timeout = policy.RouteTimeout is { } t ? $"route timeout {Durations.Format(t)} (spans all tries)" : "no route timeout";
        string retries;
        if (policy.NumRetries == 0)
        {
            retries = "no retries (1 try)";
        }
        else
        {
            var codes = policy.RetryOn.HasFlag(RetryOn.RetriableStatusCodes)
                ? policy.RetriableStatusCodes.Count > 0 ? $" with status codes {string.Join(',', policy.RetriableStatusCodes)}" : " with no status code"
                : "";
            var perTry = policy.PerTryTimeout is { } p
                ? policy.EffectivePerTryTimeout is null ? $"per-try timeout {Durations.Format(p)} dropped by Envoy (not below the route timeout)" : $"per-try timeout {Durations.Format(p)}"
                : "no per-try timeout";
            var hosts = policy.AvoidsPreviousHosts
                ? "retries avoid the hosts tried (previous_hosts; not emulated: the local gateway takes the next pod in turn)"
                : "retries may reuse a host tried (retryIgnorePreviousHosts false; not emulated: the local gateway takes the next pod in turn)";
            var localities = policy.RetriesRemoteLocalities
                ? "; retries move to other localities (retryRemoteLocalities; not emulated: the local mesh has one locality)"
                : "";
            retries = $"up to {policy.NumRetries} retries ({policy.MaxTries} tries) on {RetryOnNames.ToEnvoyString(policy.RetryOn)}{codes}; "
                      + $"{perTry}; back-off full jitter, base {Durations.Format(policy.BackoffBase)}, max {Durations.Format(policy.BackoffMax)}; "
                      + hosts + localities;
        }

        return $"{timeout}; {retries}. From {origin} (Istio {policy.IstioVersion}): {string.Join("; ", notes)}.";
    }

    private static InvalidOperationException MissingSource(GatewayRoute route, string what) =>
        new($"{route.Kind} route {route.Name} carries no {what}: the route was not resolved from manifests");
}
