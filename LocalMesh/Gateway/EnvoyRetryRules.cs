using AmbientVerify.LocalMesh.Istio;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// Whether Envoy's router would retry a try, following <c>retry_state_impl.cc</c>
/// (<c>wouldRetryFromHeaders</c> / <c>wouldRetryFromReset</c>) and <c>router.cc</c> (a per-try timeout is handled
/// as a local reset). Retries left and the route timeout are decided by the caller.
/// </summary>
public static class EnvoyRetryRules
{
    private const RetryOn NoAnswerConditions = RetryOn.Reset | RetryOn.FiveXx | RetryOn.GatewayError;

    /// <summary>The header an upstream Envoy puts on a rate-limited answer.</summary>
    public const string EnvoyRateLimitedHeader = "x-envoy-ratelimited";

    public static bool ShouldRetry(RoutePolicy policy, UpstreamTry tried) => tried.Failure switch
    {
        UpstreamFailure.None => ShouldRetryResponse(policy, tried.Response!),
        // wouldRetryFromReset: a pool (connect) failure is retried under connect-failure, and like any reset under
        // reset/5xx/gateway-error; reset-before-request also applies: nothing was sent upstream.
        UpstreamFailure.ConnectFailure => (policy.RetryOn & (NoAnswerConditions | RetryOn.ConnectFailure | RetryOn.ResetBeforeRequest)) != 0,
        // The request was sent, then the connection ended: only reset, 5xx and gateway-error retry it
        // (reset-before-request needs !upstream_request_started; refused-stream an HTTP/2 REFUSED_STREAM).
        UpstreamFailure.Reset => (policy.RetryOn & NoAnswerConditions) != 0,
        // router.cc treats a per-try timeout as a local reset after the request was sent: same conditions.
        UpstreamFailure.PerTryTimeout => (policy.RetryOn & NoAnswerConditions) != 0,
        _ => false,
    };

    /// <summary>
    /// retry_state_impl.cc <c>wouldRetryFromHeaders</c>, in its order. <c>retriable-headers</c> never fires: Istio sets
    /// no <c>retriable_headers</c>. <c>x-envoy-retry-on</c> and the other request headers that extend a policy are not
    /// read.
    /// </summary>
    public static bool ShouldRetryResponse(RoutePolicy policy, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var on = policy.RetryOn;

        // "A response that contains the x-envoy-ratelimited header comes from an upstream envoy. We retry these only
        // when the envoy-ratelimited policy is in effect": whatever its status, nothing else applies.
        if (response.Headers.Contains(EnvoyRateLimitedHeader))
        {
            return on.HasFlag(RetryOn.EnvoyRateLimited);
        }

        if (on.HasFlag(RetryOn.FiveXx) && status is >= 500 and <= 599)
        {
            return true;
        }

        if (on.HasFlag(RetryOn.GatewayError) && status is 502 or 503 or 504)
        {
            return true;
        }

        if (on.HasFlag(RetryOn.Retriable4xx) && status == 409)
        {
            return true;
        }

        if (on.HasFlag(RetryOn.RetriableStatusCodes) && policy.RetriableStatusCodes.Contains(status))
        {
            return true;
        }

        return ShouldRetryGrpcStatus(on, response);
    }

    // The gRPC conditions look at a grpc-status response header (a trailers-only gRPC answer).
    private static bool ShouldRetryGrpcStatus(RetryOn on, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("grpc-status", out var values)
            || !int.TryParse(values.FirstOrDefault(), out var grpcStatus))
        {
            return false;
        }

        return grpcStatus switch
        {
            1 => on.HasFlag(RetryOn.Cancelled),
            4 => on.HasFlag(RetryOn.DeadlineExceeded),
            8 => on.HasFlag(RetryOn.ResourceExhausted),
            13 => on.HasFlag(RetryOn.Internal),
            14 => on.HasFlag(RetryOn.Unavailable),
            _ => false,
        };
    }
}
