namespace AmbientVerify.Probes.Model;

/// <summary>
/// Envoy's retry_on conditions: all of them, as Envoy's router reads a route's retry_on (retry_state_impl.cc
/// <c>parseRetryOn</c> and <c>parseRetryGrpcOn</c>; router_filter.rst x-envoy-retry-on and x-envoy-retry-grpc-on).
/// The model decides with the ones the behaviour matrix can trigger and knows why the others never fire there
/// (<see cref="RetryOnText.NeverFiresInTheMatrix"/>).
/// </summary>
/// <remarks>
/// Kept apart from the gateway's own list (LocalMesh/Istio/RetryOn.cs) on purpose: the model must not share code with
/// the gateway it checks. A contract test keeps the two name lists equal.
/// </remarks>
[Flags]
public enum RetryOn
{
    None = 0,
    /// <summary>Any 5xx, and no response at all (reset, disconnect, per-try timeout).</summary>
    FiveXx = 1 << 0,
    /// <summary>502, 503, 504, and no response at all (Envoy treats a reset like a 503 here).</summary>
    GatewayError = 1 << 1,
    /// <summary>No response: reset, disconnect, per-try timeout.</summary>
    Reset = 1 << 2,
    /// <summary>TCP connect failure only.</summary>
    ConnectFailure = 1 << 3,
    /// <summary>HTTP/2 REFUSED_STREAM only.</summary>
    RefusedStream = 1 << 4,
    /// <summary>The status codes of <see cref="RouterPolicy.RetriableStatusCodes"/>.</summary>
    RetriableStatusCodes = 1 << 5,
    /// <summary>gRPC status unavailable (never triggered by plain HTTP answers).</summary>
    Unavailable = 1 << 6,
    /// <summary>gRPC status cancelled (never triggered by plain HTTP answers).</summary>
    Cancelled = 1 << 7,
    /// <summary>A reset before any byte of the request went upstream (a connect failure); not a backend's reset.</summary>
    ResetBeforeRequest = 1 << 8,
    /// <summary>A 409 answer (retry_state_impl.cc: <c>code == Http::Code::Conflict</c>).</summary>
    Retriable4xx = 1 << 9,
    /// <summary>A response header matching the route's retriable_headers; Istio configures none.</summary>
    RetriableHeaders = 1 << 10,
    /// <summary>An answer carrying x-envoy-ratelimited (from an upstream Envoy).</summary>
    EnvoyRateLimited = 1 << 11,
    /// <summary>A failure after an HTTP/3 connect.</summary>
    Http3PostConnectFailure = 1 << 12,
    /// <summary>gRPC status deadline-exceeded.</summary>
    DeadlineExceeded = 1 << 13,
    /// <summary>gRPC status internal.</summary>
    Internal = 1 << 14,
    /// <summary>gRPC status resource-exhausted.</summary>
    ResourceExhausted = 1 << 15,
}

/// <summary>Reads and writes Envoy/Istio retry_on strings ("5xx,reset,connect-failure,refused-stream").</summary>
public static class RetryOnText
{
    private static readonly (string Token, RetryOn Flag)[] Tokens =
    [
        ("5xx", RetryOn.FiveXx),
        ("gateway-error", RetryOn.GatewayError),
        ("reset", RetryOn.Reset),
        ("reset-before-request", RetryOn.ResetBeforeRequest),
        ("connect-failure", RetryOn.ConnectFailure),
        ("envoy-ratelimited", RetryOn.EnvoyRateLimited),
        ("retriable-4xx", RetryOn.Retriable4xx),
        ("refused-stream", RetryOn.RefusedStream),
        ("retriable-status-codes", RetryOn.RetriableStatusCodes),
        ("retriable-headers", RetryOn.RetriableHeaders),
        ("http3-post-connect-failure", RetryOn.Http3PostConnectFailure),
        ("cancelled", RetryOn.Cancelled),
        ("deadline-exceeded", RetryOn.DeadlineExceeded),
        ("internal", RetryOn.Internal),
        ("resource-exhausted", RetryOn.ResourceExhausted),
        ("unavailable", RetryOn.Unavailable),
    ];

    /// <summary>
    /// Why a condition cannot fire against the matrix's backend (FaultTarget over HTTP/1.1, always reachable, plain
    /// HTTP answers): the model accepts these names and predicts no retry from them.
    /// </summary>
    public static readonly IReadOnlyDictionary<RetryOn, string> NeverFiresInTheMatrix = new Dictionary<RetryOn, string>
    {
        [RetryOn.ConnectFailure] = "the backend always accepts the connection",
        [RetryOn.ResetBeforeRequest] = "the backend resets after the request reached it",
        [RetryOn.RefusedStream] = "upstream connections are HTTP/1.1 (no REFUSED_STREAM)",
        [RetryOn.Http3PostConnectFailure] = "upstream connections are HTTP/1.1",
        [RetryOn.RetriableHeaders] = "Istio configures no retriable_headers",
        [RetryOn.EnvoyRateLimited] = "the backend never sends x-envoy-ratelimited",
        [RetryOn.Cancelled] = "answers carry no grpc-status",
        [RetryOn.DeadlineExceeded] = "answers carry no grpc-status",
        [RetryOn.Internal] = "answers carry no grpc-status",
        [RetryOn.ResourceExhausted] = "answers carry no grpc-status",
        [RetryOn.Unavailable] = "answers carry no grpc-status",
    };

    /// <summary>Every Envoy condition name, in Envoy's documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = Tokens.Select(t => t.Token).ToList();

    /// <summary>
    /// Parses a comma-separated retry_on list, each part trimmed (as Istio's retry.go does). A part is a status code
    /// when Istio reads it as one (Go's <c>strconv.Atoi</c> and <c>http.StatusText</c>, see <see cref="IsIstioStatusCode"/>):
    /// it goes into <paramref name="codes"/> and implies <see cref="RetryOn.RetriableStatusCodes"/>. Condition names
    /// are case-sensitive, as Envoy compares them.
    /// </summary>
    /// <exception cref="FormatException">A part that is neither, naming it and the known names.</exception>
    public static RetryOn Parse(string? text, out IReadOnlyList<int> codes)
    {
        var result = ParseLenient(text, out codes, out var unknown);
        if (unknown.Count > 0)
        {
            var part = unknown[0];
            var hint = Tokens.FirstOrDefault(t => string.Equals(t.Token, part, StringComparison.OrdinalIgnoreCase)).Token is { } near
                ? $" (Envoy's names are case-sensitive: '{near}')"
                : int.TryParse(part, out _) ? " (Istio keeps only codes with an HTTP reason phrase as status codes)" : "";
            throw new FormatException(
                $"retry-on condition '{part}' is unknown{hint}: use a comma-separated list of {string.Join(", ", Names)} or HTTP status codes");
        }

        return result;
    }

    /// <summary>As Envoy reads a route's retry_on: unknown parts are ignored and returned in <paramref name="unknown"/>.</summary>
    public static RetryOn ParseLenient(string? text, out IReadOnlyList<int> codes, out IReadOnlyList<string> unknown)
    {
        var result = RetryOn.None;
        var statusCodes = new List<int>();
        var ignored = new List<string>();
        foreach (var raw in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IsIstioStatusCode(raw, out var code))
            {
                statusCodes.Add(code);
                result |= RetryOn.RetriableStatusCodes;
                continue;
            }

            var match = Tokens.FirstOrDefault(t => string.Equals(t.Token, raw, StringComparison.Ordinal));
            if (match.Token is null)
            {
                ignored.Add(raw);
                continue;
            }

            result |= match.Flag;
        }

        codes = statusCodes;
        unknown = ignored;
        return result;
    }

    /// <summary>
    /// Istio's retry.go <c>parseRetryOn</c>: <c>strconv.Atoi</c> (optional sign, decimal digits, nothing else) and Go's
    /// <c>http.StatusText(i) != ""</c> (net/http status.go: 100–103, 200–208, 226, 300–305, 307, 308, 400–418,
    /// 421–426, 428, 429, 431, 451, 500–508, 510, 511).
    /// </summary>
    public static bool IsIstioStatusCode(string text, out int code)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out code))
        {
            return false;
        }

        var c = code;
        return c is >= 100 and <= 103 or >= 200 and <= 208 or 226 or >= 300 and <= 305 or 307 or 308
            or >= 400 and <= 418 or >= 421 and <= 426 or 428 or 429 or 431 or 451
            or >= 500 and <= 508 or 510 or 511;
    }

    public static string Format(RetryOn retryOn) =>
        string.Join(",", Tokens.Where(t => retryOn.HasFlag(t.Flag)).Select(t => t.Token));
}
