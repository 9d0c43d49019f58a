using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Scheduling;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// The open model: every request is sent at its intended time (<see cref="OpenSchedule"/>) whether or not earlier ones
/// have answered, and its latency is measured from that intended time, not from when it actually left.
/// </summary>
/// <remarks>
/// Why from the intended time: a load generator that waits for answers before sending (or measures from the actual
/// send) stops sending while the server stalls, so the stall shows as one slow request instead of the hundreds a real
/// user population would have queued — "coordinated omission" (Gil Tene; https://github.com/giltene/wrk2, README,
/// "Acknowledgements" and the coordinated omission section). Like wrk2, a send held back by the concurrency cap or by a
/// late timer still counts from when it should have gone, so a stall accumulates latency in every queued request.
/// </remarks>
public static class OpenModelDriver
{
    /// <summary>Sends closer than this to their intended time go at once: the timer cannot wait less than about a millisecond.</summary>
    private static readonly TimeSpan TimerGranularity = TimeSpan.FromMilliseconds(1);

    /// <summary>A send this late after its intended time counts as late in <see cref="SendLagTracker"/>.</summary>
    public static readonly TimeSpan LateThreshold = TimeSpan.FromMilliseconds(10);

    /// <param name="lag">Filled as sends go: how far behind its schedule the generator (or the concurrency cap) fell.</param>
    public static async Task RunAsync(LoadScenario scenario, RequestSender sender, TimeProvider time, long start, SemaphoreSlim inFlight,
        SendLagTracker lag, CancellationToken cancellationToken)
    {
        var picker = new StepPicker(scenario.Steps);
        foreach (var offset in OpenSchedule.IntendedOffsets(scenario.Simulations))
        {
            var intended = start + Timestamps.From(offset, time);
            var wait = time.GetElapsedTime(time.GetTimestamp(), intended);
            if (wait > TimerGranularity)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            lag.Record(time.GetElapsedTime(intended));
            _ = SendThenReleaseAsync(sender, picker.Next(), intended, inFlight, cancellationToken);
        }
    }

    private static async Task SendThenReleaseAsync(RequestSender sender, int step, long intended, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendAsync(step, intended, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            inFlight.Release();
        }
    }
}
