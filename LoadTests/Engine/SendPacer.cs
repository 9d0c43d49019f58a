namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// Spaces sends at most <c>perSecond</c> apart, shared by every copy of a closed-model run. The closed model has no
/// rate of its own, so against a gateway that is not on this machine this is what keeps it under the same rate cap as
/// the open model. Each caller takes the next free slot (lock-free) and waits for it on the injected clock.
/// </summary>
public sealed class SendPacer(double perSecond, TimeProvider time)
{
    private readonly long _interval = Math.Max(1, (long)(time.TimestampFrequency / perSecond));
    private long _next = long.MinValue;

    public double PerSecond => perSecond;

    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        long slot;
        while (true)
        {
            var next = Volatile.Read(ref _next);
            var now = time.GetTimestamp();
            // An idle pacer does not bank slots: a burst after a pause still goes at most at the rate.
            slot = Math.Max(next, now);
            if (Interlocked.CompareExchange(ref _next, slot + _interval, next) == next)
            {
                break;
            }
        }

        var wait = time.GetElapsedTime(time.GetTimestamp(), slot);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
