using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Scheduling;

using System.Runtime.CompilerServices;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// The closed model: copies that each send, await the answer, and send again (hey's and wrk's model). Latency is from
/// the actual send, so a server stall holds back the copies' next sends and shows in the maximum only — the open model
/// is the one that shows what users would have felt.
/// </summary>
public static class ClosedModelDriver
{
    /// <summary>How often an idle copy (above the ramp's current count) looks again.</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(50);

    /// <param name="pacer">Null on a loopback gateway; else the rate cap the copies share.</param>
    public static Task RunAsync(LoadScenario scenario, RequestSender sender, TimeProvider time, long start, long maxRequests, SendPacer? pacer,
        CancellationToken cancellationToken)
    {
        var peak = ClosedSchedule.PeakCopies(scenario.Simulations);
        var sent = new StrongBox<long>();
        var copies = Enumerable.Range(1, peak)
            .Select(copy => Task.Run(() => CopyAsync(copy, scenario, sender, time, start, maxRequests, pacer, sent, cancellationToken), CancellationToken.None));
        return Task.WhenAll(copies);
    }

    private static async Task CopyAsync(int copy, LoadScenario scenario, RequestSender sender, TimeProvider time, long start, long maxRequests,
        SendPacer? pacer, StrongBox<long> sent, CancellationToken cancellationToken)
    {
        var picker = new StepPicker(scenario.Steps);
        // Each copy starts at a different place in the weighted cycle, so a few copies already send the mix.
        for (var i = 1; i < copy; i++)
        {
            picker.Next();
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetTimestamp();
            var offset = time.GetElapsedTime(start, now);
            if (offset >= scenario.Duration)
            {
                return;
            }

            if (copy > ClosedSchedule.CopiesAt(scenario.Simulations, offset))
            {
                var remaining = scenario.Duration - offset;
                await Task.Delay(remaining < IdlePoll ? remaining : IdlePoll, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (Interlocked.Increment(ref sent.Value) > maxRequests)
            {
                return;
            }

            if (pacer is not null)
            {
                await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
                now = time.GetTimestamp();
                if (time.GetElapsedTime(start, now) >= scenario.Duration)
                {
                    return; // the turn came after the scenario's end
                }
            }

            await sender.SendAsync(picker.Next(), now, cancellationToken).ConfigureAwait(false);
        }
    }
}
