using System.Buffers;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>Sends one request of a step, reads the body to count its bytes, and records latency from a given start.</summary>
public sealed class RequestSender(HttpClient http, IReadOnlyList<StepTarget> targets, ScenarioRecorder recorder, TimeProvider time, long measuredFrom)
{
    private readonly double _microsecondsPerTick = 1_000_000.0 / time.TimestampFrequency;

    /// <summary>
    /// Sends step <paramref name="step"/> and records it against <paramref name="startTimestamp"/>: the intended send
    /// time in the open model, the actual one in the closed model. A request that started before
    /// the measured-from timestamp (warm-up), or that the run's own cancellation ended, is not recorded.
    /// </summary>
    public async Task SendAsync(int step, long startTimestamp, CancellationToken cancellationToken)
    {
        var target = targets[step];
        int outcome;
        long received = 0;
        try
        {
            using var request = target.CreateRequest();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            received = await DrainAsync(response, cancellationToken).ConfigureAwait(false);
            outcome = RequestOutcome.Of(response.StatusCode);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            outcome = RequestOutcome.Of(e);
        }

        if (startTimestamp < measuredFrom)
        {
            return;
        }

        var latency = (long)((time.GetTimestamp() - startTimestamp) * _microsecondsPerTick);
        recorder.Record(step, latency, outcome, received, target.BytesSent);
    }

    private static async Task<long> DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
