using AmbientVerify.Manifests;

namespace AmbientVerify.Probes.Expectations;

/// <summary>
/// The expectation keys one place of an expectations file sets (its <c>defaults</c>, or one <c>routes</c> entry); a
/// key left null keeps what the layer below says (the file's defaults, then the plan).
/// </summary>
public sealed record ExpectationValues(TimeSpan? Timeout, int? Retries, TimeSpan? PerTryTimeout, string? RetryOn, TimeSpan? Tolerance)
{
    public static readonly ExpectationValues None = new(null, null, null, null, null);

    public bool SetsAny => this != None;

    /// <summary>A copy of <paramref name="below"/> with the keys set here replaced; <paramref name="below"/> is not changed.</summary>
    public ExpectationOptions ApplyTo(ExpectationOptions below) => new()
    {
        RequestTimeout = Timeout ?? below.RequestTimeout,
        Retries = Retries ?? below.Retries,
        PerTryTimeout = PerTryTimeout ?? below.PerTryTimeout,
        RetryOn = RetryOn ?? below.RetryOn,
        Tolerance = Tolerance ?? below.Tolerance,

        // Not settable per route: the status codes are the matrix's case ids, which must be the same on every route.
        RetriedStatusCodes = below.RetriedStatusCodes,
        StallMargin = below.StallMargin,
        StallAllMargin = below.StallAllMargin,
    };
}
