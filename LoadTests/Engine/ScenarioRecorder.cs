using AmbientVerify.LoadTests.Model;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// A scenario's measurements while it runs: per-thread, per-step recorders (merged once the scenario is over, so the
/// hot path takes no lock) and a few shared counters the live view reads.
/// </summary>
public sealed class ScenarioRecorder(LoadScenario scenario) : IDisposable
{
    private readonly ThreadLocal<StepRecorder[]> _perThread = new(() => scenario.Steps.Select(_ => new StepRecorder()).ToArray(), trackAllValues: true);
    private long _ok;
    private long _fail;
    private long _lastError = int.MinValue;

    public LoadScenario Scenario => scenario;
    public long Ok => Interlocked.Read(ref _ok);
    public long Fail => Interlocked.Read(ref _fail);

    /// <summary>The last transport error or failing status seen, for the live view ("error:timeout", "503").</summary>
    public string? LastFailure => Interlocked.Read(ref _lastError) is var last && last == int.MinValue ? null : RequestOutcome.Name((int)last);

    public void Record(int step, long latencyMicroseconds, int outcome, long bytesReceived, long bytesSent)
    {
        _perThread.Value![step].Record(latencyMicroseconds, outcome, bytesReceived, bytesSent);
        if (RequestOutcome.IsOk(outcome))
        {
            Interlocked.Increment(ref _ok);
        }
        else
        {
            Interlocked.Increment(ref _fail);
            Interlocked.Exchange(ref _lastError, outcome);
        }
    }

    /// <summary>Every thread's recorders of each step, merged. Call only when no request of the scenario is in flight.</summary>
    public IReadOnlyList<StepRecorder> MergedSteps()
    {
        var merged = scenario.Steps.Select(_ => new StepRecorder()).ToArray();
        foreach (var threadSteps in _perThread.Values)
        {
            for (var i = 0; i < merged.Length; i++)
            {
                merged[i].Latency.Add(threadSteps[i].Latency);
                foreach (var (outcome, count) in threadSteps[i].Outcomes)
                {
                    merged[i].Outcomes[outcome] = merged[i].Outcomes.GetValueOrDefault(outcome) + count;
                }

                merged[i].BytesReceived += threadSteps[i].BytesReceived;
                merged[i].BytesSent += threadSteps[i].BytesSent;
            }
        }

        return merged;
    }

    public void Dispose() => _perThread.Dispose();
}
