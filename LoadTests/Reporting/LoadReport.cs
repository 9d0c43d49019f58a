using AmbientVerify.LoadTests.Model;

namespace AmbientVerify.LoadTests.Reporting;

/// <summary>
/// A run's results: a plain record tree, written as load.json (<see cref="LoadReportFile"/>). Bump
/// <see cref="CurrentSchemaVersion"/> when a field changes meaning or goes away; adding a field does not need it.
/// </summary>
/// <param name="StartedUtc">When the first scenario's measured window opened (after its warm-up).</param>
/// <param name="EndedUtc">When the last scenario's measured window closed.</param>
/// <param name="Interrupted">True when the run was stopped (Ctrl+C) before its plan ended: the figures cover what ran.</param>
public sealed record LoadReport(
    int SchemaVersion,
    string Mode,
    string Gateway,
    DateTimeOffset StartedUtc,
    DateTimeOffset EndedUtc,
    bool Interrupted,
    LoadPlan Plan,
    IReadOnlyList<ScenarioStats> Scenarios)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>
/// One scenario's figures over its measured window. ok = an HTTP answer 2xx or 3xx; fail = any other status, or a
/// transport error or timeout ("error:&lt;kind&gt;" in <see cref="StatusCodes"/>). Latency covers every measured
/// request, ok or fail, so a stall that ends in a timeout is not hidden.
/// </summary>
/// <param name="RequestsPerSecond">Measured requests / measured window length (the window ends when the last send left, so a generator that falls behind shows a lower rate).</param>
/// <param name="BytesReceived">Response body bytes.</param>
/// <param name="BytesSent">Request heads as HTTP/1.1 writes them (request line, Host and the step's headers).</param>
public sealed record ScenarioStats(
    string Name,
    string Model,
    DateTimeOffset StartedUtc,
    DateTimeOffset EndedUtc,
    double MeasuredSeconds,
    bool Interrupted,
    long Requests,
    long Ok,
    long Fail,
    double RequestsPerSecond,
    long BytesReceived,
    long BytesSent,
    LatencyStats Latency,
    IReadOnlyList<StatusCount> StatusCodes,
    IReadOnlyList<StepStats> Steps,
    SendLag? SendLag = null);

/// <summary>Open model only: the largest delay of an actual send after its intended time, and how many sends were 10 ms or more late.</summary>
public sealed record SendLag(double MaxMs, long LateSends);

/// <summary>One step's figures within its scenario.</summary>
public sealed record StepStats(
    string Name,
    int Weight,
    long Requests,
    long Ok,
    long Fail,
    long BytesReceived,
    long BytesSent,
    LatencyStats Latency,
    IReadOnlyList<StatusCount> StatusCodes);

/// <summary>"200" × 1180, "error:timeout" × 3.</summary>
public sealed record StatusCount(string Status, bool IsOk, long Count);

/// <summary>Latency in milliseconds, read from an HdrHistogram of microseconds (3 significant digits).</summary>
public sealed record LatencyStats(double MinMs, double MeanMs, double MaxMs, double P50Ms, double P75Ms, double P95Ms, double P99Ms, double P999Ms)
{
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}
