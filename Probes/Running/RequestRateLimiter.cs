namespace AmbientVerify.Probes.Running;

/// <summary>
/// A token bucket of one token refilled every 1/rate seconds: requests are spaced evenly, so no window of one second
/// ever holds more than the rate, and a run never sends more than its cap. Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class RequestRateLimiter
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _cap;
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private int _granted;

    /// <param name="requestsPerSecond">Clamped to <see cref="RunnerOptions.HardMaximumRequestsPerSecond"/> whatever is asked.</param>
    /// <param name="cap">Requests granted in total; later calls are refused.</param>
    public RequestRateLimiter(double requestsPerSecond, int cap, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cap);
        _time = time;
        _cap = cap;
        _interval = TimeSpan.FromSeconds(1 / Math.Min(requestsPerSecond, RunnerOptions.HardMaximumRequestsPerSecond));
    }

    /// <summary>Requests granted so far.</summary>
    public int Granted => Volatile.Read(ref _granted);

    /// <summary>Waits for the next slot; false when the run's cap is used up (nothing may be sent).</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        DateTimeOffset now;
        lock (_gate)
        {
            if (_granted >= _cap)
            {
                return false;
            }

            _granted++;
            now = _time.GetUtcNow();
            slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + _interval;
        }

        if (slot > now)
        {
            await Task.Delay(slot - now, _time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
