using HdrHistogram;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// One step's measurements as seen by one thread: a latency histogram in microseconds and the counts. Written by one
/// thread only (no lock on the hot path); <see cref="ScenarioRecorder"/> merges every thread's copy at the end.
/// </summary>
public sealed class StepRecorder
{
    /// <summary>One hour in microseconds: anything slower is recorded as one hour (the request timeout is far below).</summary>
    public const long HighestTrackableMicroseconds = 3_600_000_000;

    /// <summary>Three significant digits: every recorded value is exact to 0.1 %.</summary>
    public const int SignificantDigits = 3;

    public LongHistogram Latency { get; } = NewHistogram();
    public Dictionary<int, long> Outcomes { get; } = [];
    public long BytesReceived { get; set; }
    public long BytesSent { get; set; }

    public static LongHistogram NewHistogram() => new(HighestTrackableMicroseconds, SignificantDigits);

    public void Record(long latencyMicroseconds, int outcome, long bytesReceived, long bytesSent)
    {
        Latency.RecordValue(Math.Clamp(latencyMicroseconds, 0, HighestTrackableMicroseconds));
        Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
        BytesReceived += bytesReceived;
        BytesSent += bytesSent;
    }
}
