namespace AmbientVerify.LocalMesh.Istio;

/// <summary>
/// Envoy's <c>retry_on</c> conditions: every name <c>source/common/router/retry_state_impl.cc</c>
/// <c>parseRetryOn</c> and <c>parseRetryGrpcOn</c> know (a route's retry_on is read with both,
/// <c>retry_policy_impl.cc</c>), the same set Istio's webhook accepts (<c>pkg/config/validation/validation.go</c>
/// <c>supportedRetryOnPolicies</c>). Only the conditions the local gateway can observe change its behaviour; the
/// others are kept so a policy read from a manifest is shown as written.
/// </summary>
/// <remarks>
/// The model in <c>Probes/Model/RetryOn.cs</c> keeps its own copy on purpose (it must not share code with the
/// gateway it checks); a contract test keeps the two name lists equal.
/// </remarks>
[Flags]
public enum RetryOn
{
    None = 0,

    /// <summary><c>5xx</c>: any 5xx answer, and no answer at all (reset, disconnect, connect failure, per-try timeout).</summary>
    FiveXx = 1 << 0,

    /// <summary><c>gateway-error</c>: 502, 503, 504 answers; Envoy also counts a reset or per-try timeout as one.</summary>
    GatewayError = 1 << 1,

    /// <summary><c>reset</c>: no answer (reset, disconnect, per-try timeout, connect failure).</summary>
    Reset = 1 << 2,

    /// <summary><c>connect-failure</c>: the TCP connection to the backend could not be made. Nothing else.</summary>
    ConnectFailure = 1 << 3,

    /// <summary><c>refused-stream</c>: an HTTP/2 REFUSED_STREAM reset. Never happens on the HTTP/1.1 upstreams used here.</summary>
    RefusedStream = 1 << 4,

    /// <summary><c>retriable-status-codes</c>: an answer whose status is in the policy's retriable status codes.</summary>
    RetriableStatusCodes = 1 << 5,

    /// <summary><c>retriable-4xx</c>: a 409 answer.</summary>
    Retriable4xx = 1 << 6,

    /// <summary><c>reset-before-request</c>: a reset before any request byte was sent.</summary>
    ResetBeforeRequest = 1 << 7,

    /// <summary><c>unavailable</c> (gRPC): an answer whose grpc-status header is 14.</summary>
    Unavailable = 1 << 8,

    /// <summary><c>cancelled</c> (gRPC): an answer whose grpc-status header is 1.</summary>
    Cancelled = 1 << 9,

    /// <summary><c>deadline-exceeded</c> (gRPC): grpc-status 4.</summary>
    DeadlineExceeded = 1 << 10,

    /// <summary><c>resource-exhausted</c> (gRPC): grpc-status 8.</summary>
    ResourceExhausted = 1 << 11,

    /// <summary><c>internal</c> (gRPC): grpc-status 13.</summary>
    Internal = 1 << 12,

    /// <summary>
    /// <c>retriable-headers</c>: a response header matching the policy's <c>retriable_headers</c>. Istio never sets
    /// any (HTTPRetry has no such field), so it never fires at an Istio gateway.
    /// </summary>
    RetriableHeaders = 1 << 13,

    /// <summary>
    /// <c>envoy-ratelimited</c>: an answer carrying <c>x-envoy-ratelimited</c> (from an upstream Envoy). Such an
    /// answer is retried under this condition only, whatever its status.
    /// </summary>
    EnvoyRateLimited = 1 << 14,

    /// <summary><c>http3-post-connect-failure</c>: a failure after an HTTP/3 connect. Never happens on the HTTP/1.1 upstreams used here.</summary>
    Http3PostConnectFailure = 1 << 15,
}

/// <summary>The Envoy spelling of each <see cref="RetryOn"/> condition, both ways.</summary>
public static class RetryOnNames
{
    private static readonly (RetryOn Flag, string Name)[] Names =
    [
        (RetryOn.FiveXx, "5xx"),
        (RetryOn.GatewayError, "gateway-error"),
        (RetryOn.Reset, "reset"),
        (RetryOn.ConnectFailure, "connect-failure"),
        (RetryOn.RefusedStream, "refused-stream"),
        (RetryOn.RetriableStatusCodes, "retriable-status-codes"),
        (RetryOn.Retriable4xx, "retriable-4xx"),
        (RetryOn.ResetBeforeRequest, "reset-before-request"),
        (RetryOn.Unavailable, "unavailable"),
        (RetryOn.Cancelled, "cancelled"),
        (RetryOn.DeadlineExceeded, "deadline-exceeded"),
        (RetryOn.ResourceExhausted, "resource-exhausted"),
        (RetryOn.Internal, "internal"),
        (RetryOn.RetriableHeaders, "retriable-headers"),
        (RetryOn.EnvoyRateLimited, "envoy-ratelimited"),
        (RetryOn.Http3PostConnectFailure, "http3-post-connect-failure"),
    ];

    /// <summary>Every Envoy condition name.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(entry => entry.Name).ToList();

    /// <summary>
    /// The flag for an Envoy condition name, or null when Envoy has no such condition. Case-sensitive, as
    /// Envoy compares (<c>retry_on == "5xx"</c>): <c>5XX</c> is no condition.
    /// </summary>
    public static RetryOn? FromName(string name)
    {
        foreach (var (flag, known) in Names)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                return flag;
            }
        }

        return null;
    }

    /// <summary>The Envoy names of the set flags, in Envoy's documentation order.</summary>
    public static IReadOnlyList<string> ToNames(RetryOn flags) =>
        Names.Where(entry => flags.HasFlag(entry.Flag)).Select(entry => entry.Name).ToList();

    /// <summary>"5xx,reset,connect-failure" style.</summary>
    public static string ToEnvoyString(RetryOn flags) => flags == RetryOn.None ? "" : string.Join(',', ToNames(flags));
}
