namespace AmbientVerify.Probes.Model;

/// <summary>
/// A small pure model of Envoy's router (router_filter.rst, retry_state_impl.cc): given a route policy and what
/// the backend does on each try, the status the client gets, how many tries reach the backend and how long it takes.
/// Written from Envoy's documentation and code (router_filter.rst, retry_state_impl.cc, router.cc, backoff_strategy.cc),
/// independently of the LocalMesh gateway, so neither checks itself.
/// </summary>
public static class EnvoyRouterModel
{
    /// <summary>Envoy caps the back-off at 10 times the base interval (250ms for the default 25ms).</summary>
    private const int MaxIntervalFactor = 10;

    /// <summary>Status Envoy answers when the upstream reset and no retry follows ("upstream connect error or disconnect/reset").</summary>
    public const int ResetStatus = 503;

    /// <summary>Status Envoy answers on a route or per-try timeout ("upstream request timeout").</summary>
    public const int TimeoutStatus = 504;

    public static ExpectedOutcome Predict(RouterPolicy policy, FaultScript script)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(script);

        var routeTimeout = policy.RouteTimeout is { } t && t > TimeSpan.Zero ? t : (TimeSpan?)null;
        var min = TimeSpan.Zero;
        var max = TimeSpan.Zero;

        for (var tryNumber = 1; ; tryNumber++)
        {
            var (duration, result) = RunTry(policy, script.OnTry(tryNumber));

            // The route timeout spans every try and back-off: when it fires first, Envoy answers 504 at that moment.
            if (routeTimeout is { } limit && min + duration >= limit)
            {
                return new ExpectedOutcome(TimeoutStatus, tryNumber, limit, limit);
            }

            min += duration;
            max += duration;

            if (!IsRetriable(policy, result) || tryNumber > policy.Retries)
            {
                return new ExpectedOutcome(result.FinalStatus, tryNumber, min, Cap(max, routeTimeout));
            }

            // Full jitter: the wait lies anywhere in [0, upper), so only the upper bound moves.
            max += BackoffUpperBound(policy.BackoffBase, tryNumber);
        }
    }

    /// <summary>
    /// Upper bound (exclusive) of the wait before retry <paramref name="retryNumber"/> (1-based), from Envoy's code
    /// (<c>source/common/common/backoff_strategy.cc</c>, not the router docs' (2^N − 1)·base): 2^(N−1)·base, capped at
    /// 10·base — 25, 50, 100, 200, 250 ms for the default base.
    /// </summary>
    public static TimeSpan BackoffUpperBound(TimeSpan backoffBase, int retryNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        var factor = Math.Min(1L << Math.Min(retryNumber - 1, 30), MaxIntervalFactor);
        return backoffBase * factor;
    }

    private static (TimeSpan Duration, TryResult Result) RunTry(RouterPolicy policy, TryBehaviour behaviour) => behaviour switch
    {
        TryBehaviour.Answer answer => (TimeSpan.Zero, TryResult.Status(answer.StatusCode)),
        TryBehaviour.Reset => (TimeSpan.Zero, TryResult.NoResponse(ResetStatus)),
        TryBehaviour.Delayed delayed when policy.EffectivePerTryTimeout is { } perTry && delayed.Delay >= perTry =>
            (perTry, TryResult.NoResponse(TimeoutStatus)),
        TryBehaviour.Delayed delayed => (delayed.Delay, TryResult.Status(delayed.StatusCode)),
        _ => throw new ArgumentOutOfRangeException(nameof(behaviour), behaviour, "unknown try behaviour"),
    };

    private static bool IsRetriable(RouterPolicy policy, TryResult result)
    {
        var on = policy.RetryOn;
        if (result.IsNoResponse)
        {
            // A reset or a per-try timeout is "no response": retried under 5xx, gateway-error or reset only
            // (reset-before-request needs a reset before the request went out; the backend resets after it arrived).
            return (on & (RetryOn.FiveXx | RetryOn.GatewayError | RetryOn.Reset)) != 0;
        }

        // An answer. The other conditions never fire on the matrix's answers (RetryOnText.NeverFiresInTheMatrix).
        var code = result.FinalStatus;
        return (on.HasFlag(RetryOn.FiveXx) && code is >= 500 and <= 599)
            || (on.HasFlag(RetryOn.GatewayError) && code is 502 or 503 or 504)
            || (on.HasFlag(RetryOn.Retriable4xx) && code == 409)
            || (on.HasFlag(RetryOn.RetriableStatusCodes) && policy.RetriableStatusCodes.Contains(code));
    }

    private static TimeSpan Cap(TimeSpan value, TimeSpan? limit) => limit is { } l && value > l ? l : value;

    private readonly record struct TryResult(int FinalStatus, bool IsNoResponse)
    {
        public static TryResult Status(int code) => new(code, false);
        public static TryResult NoResponse(int statusIfFinal) => new(statusIfFinal, true);
    }
}
