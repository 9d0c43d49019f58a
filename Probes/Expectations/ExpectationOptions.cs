using AmbientVerify.Manifests;
using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Expectations;

/// <summary>
/// The policy every route is expected to behave by, and the tolerances the checks allow. The defaults are the
/// plan's legacy VirtualService: timeout 30s, 3 retries, per-try timeout 10s, retryOn 5xx,reset,connect-failure,refused-stream.
/// </summary>
public sealed class ExpectationOptions
{
    /// <summary>Configuration section and environment prefix (<c>Probes__RequestTimeout</c>).</summary>
    public const string SectionName = "Probes";

    /// <summary>The route (request) timeout that spans all tries. Default 30s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first try (VirtualService retries.attempts). Default 3, i.e. up to 4 tries.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>
    /// The timeout of one try (VirtualService retries.perTryTimeout). Default 10s. With no <see cref="Retries"/> there is
    /// no retry policy, so no per-try timeout applies; the value still sets the delays of the slow-answer and
    /// stalled-try cases.
    /// </summary>
    public TimeSpan PerTryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Envoy retry_on conditions. Default "5xx,reset,connect-failure,refused-stream".</summary>
    public string RetryOn { get; set; } = "5xx,reset,connect-failure,refused-stream";

    /// <summary>Status codes the matrix retries (one pair of cases each). Default 500, 502, 503, 504.</summary>
    public IList<int> RetriedStatusCodes { get; set; } = [500, 502, 503, 504];

    /// <summary>
    /// Allowed difference between a measured and a modelled elapsed time, both ways, for the "≈" cases
    /// (slow answer, stalled try, request timeout). Covers network, scheduling and the gateway's own work. Default 500ms.
    /// </summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How much longer than the per-try timeout a stalled try waits (12s for the defaults). Default 2s.</summary>
    public TimeSpan StallMargin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How much longer than the request timeout a stalled request waits (35s for the defaults). Default 5s.</summary>
    public TimeSpan StallAllMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The expected policy in Envoy's terms, for the router model.</summary>
    public RouterPolicy ToPolicy()
    {
        var retryOn = RetryOnText.Parse(RetryOn, out var codes);

        // No retries means no retry policy, as Istio programs it (VirtualService attempts 0, an HTTPRoute rule without
        // retry): Envoy then arms no per-try timeout, and a slow try runs until the request timeout.
        var perTry = Retries == 0 ? (TimeSpan?)null : PerTryTimeout;
        return new RouterPolicy(RequestTimeout, perTry, Retries, retryOn, codes, RouterPolicy.DefaultBackoffBase);
    }

    /// <summary>Every problem with the options, worded for the user (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"request timeout must be positive (got {Durations.Format(RequestTimeout)})");
        }

        if (Retries is < 0 or > 10)
        {
            errors.Add($"retries must be between 0 and 10 (got {Retries})");
        }

        // Envoy drops a per-try timeout that is not below the route timeout (router.cc FilterUtility::finalTimeout).
        if (PerTryTimeout <= TimeSpan.Zero || PerTryTimeout >= RequestTimeout)
        {
            errors.Add($"per-try timeout must be positive and below the request timeout {Durations.Format(RequestTimeout)}, "
                       + $"or Envoy drops it (got {Durations.Format(PerTryTimeout)})");
        }

        try
        {
            RetryOnText.Parse(RetryOn, out _);
        }
        catch (FormatException e)
        {
            errors.Add(e.Message);
        }

        if (RetriedStatusCodes.Count == 0 || RetriedStatusCodes.Any(c => c is < 500 or > 599))
        {
            errors.Add($"retried status codes must be 5xx codes (got {string.Join(", ", RetriedStatusCodes)})");
        }

        if (RetriedStatusCodes.Distinct().Count() != RetriedStatusCodes.Count)
        {
            // Each code is one pair of cases with its own ids: a code listed twice would be two cases with one id.
            errors.Add($"retried status codes must be distinct (got {string.Join(", ", RetriedStatusCodes)})");
        }

        if (Tolerance < TimeSpan.Zero || Tolerance >= RequestTimeout)
        {
            errors.Add($"tolerance must be at least 0 and below the request timeout (got {Durations.Format(Tolerance)})");
        }

        if (StallMargin <= Tolerance || StallAllMargin <= Tolerance)
        {
            // A stall shorter than timeout + tolerance could be answered before the timeout is measured to fire.
            errors.Add($"stall margins ({Durations.Format(StallMargin)}, {Durations.Format(StallAllMargin)}) must exceed the tolerance {Durations.Format(Tolerance)}");
        }

        return errors;
    }

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ExpectationOptions ThrowIfInvalid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException("invalid expectations: " + string.Join("; ", errors));
    }
}
