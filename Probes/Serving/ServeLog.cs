using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Serving;

/// <summary>
/// serve's own log events, 1400s (ProbeLog holds the run's 1000s–1300s; never renumber one): a periodic run's end and
/// the run-now requests.
/// </summary>
public static partial class ServeLog
{
    public const int PeriodicRunFinishedId = 1400;
    public const int RunNowStartedId = 1401;
    public const int RunNowRefusedId = 1402;

    [LoggerMessage(PeriodicRunFinishedId, LogLevel.Information, "Run finished: {Summary}; exit code would be {ExitCode}; next run in {Interval}")]
    public static partial void PeriodicRunFinished(ILogger logger, string summary, int exitCode, TimeSpan interval);

    [LoggerMessage(RunNowStartedId, LogLevel.Information, "Run now requested: a run starts")]
    public static partial void RunNowStarted(ILogger logger);

    [LoggerMessage(RunNowRefusedId, LogLevel.Information, "Run now refused: a run is going since {RunningSince:O}")]
    public static partial void RunNowRefused(ILogger logger, DateTimeOffset runningSince);
}
