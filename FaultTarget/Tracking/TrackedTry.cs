namespace AmbientVerify.FaultTarget.Tracking;

/// <summary>One try as it arrived; its outcome is filled in when the try ends.</summary>
public sealed class TrackedTry(int number, DateTimeOffset receivedAt, string? attemptCount, string service)
{
    private volatile string outcome = TryOutcomes.Pending;

    /// <summary>1-based try number for its uuid, counted on arrival (over every Service of the process).</summary>
    public int Number { get; } = number;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The <c>x-envoy-attempt-count</c> header the try carried, or null.</summary>
    public string? AttemptCount { get; } = attemptCount;

    /// <summary>The Service that served the try, <c>namespace/name</c> (the listener it arrived on).</summary>
    public string Service { get; } = service;

    public string Outcome => outcome;

    public void Complete(string finalOutcome) => outcome = finalOutcome;
}
