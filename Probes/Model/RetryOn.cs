namespace AmbientVerify.Probes.Model;

/// <summary>Envoy retry_on conditions (router_filter.rst). Only what the matrix can tell apart is modelled.</summary>
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
}

/// <summary>Reads and writes Envoy/Istio retry_on strings ("5xx,reset,connect-failure,refused-stream").</summary>
public static class RetryOnText
{
    private static readonly (string Token, RetryOn Flag)[] Tokens =
    [
        ("5xx", RetryOn.FiveXx),
        ("gateway-error", RetryOn.GatewayError),
        ("reset", RetryOn.Reset),
        ("connect-failure", RetryOn.ConnectFailure),
        ("refused-stream", RetryOn.RefusedStream),
        ("retriable-status-codes", RetryOn.RetriableStatusCodes),
        ("unavailable", RetryOn.Unavailable),
        ("cancelled", RetryOn.Cancelled),
    ];

    /// <summary>
    /// Parses a comma-separated retry_on list. Bare status codes ("503") are collected into <paramref name="codes"/>
    /// and imply <see cref="RetryOn.RetriableStatusCodes"/>, as Istio's VirtualService retryOn does.
    /// </summary>
    /// <exception cref="FormatException">An unknown token, naming it and the known ones.</exception>
    public static RetryOn Parse(string? text, out IReadOnlyList<int> codes)
    {
        var result = RetryOn.None;
        var statusCodes = new List<int>();
        foreach (var raw in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(raw, out var code) && code is >= 100 and <= 599)
            {
                statusCodes.Add(code);
                result |= RetryOn.RetriableStatusCodes;
                continue;
            }

            var match = Tokens.FirstOrDefault(t => string.Equals(t.Token, raw, StringComparison.OrdinalIgnoreCase));
            if (match.Token is null)
            {
                throw new FormatException(
                    $"retry-on condition '{raw}' is unknown: use a comma-separated list of {string.Join(", ", Tokens.Select(t => t.Token))} or status codes");
            }

            result |= match.Flag;
        }

        codes = statusCodes;
        return result;
    }

    public static string Format(RetryOn retryOn) =>
        string.Join(",", Tokens.Where(t => retryOn.HasFlag(t.Flag)).Select(t => t.Token));
}
