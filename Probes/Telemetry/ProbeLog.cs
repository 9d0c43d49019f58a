using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// The run's log events, with stable event ids (what log queries and alerts key on; never renumber one): 1000s the
/// run, 1100s the matrix, 1200s what stops a run from starting.
/// </summary>
public static partial class ProbeLog
{
    public const int RunStartedId = 1000;
    public const int RunFinishedId = 1001;
    public const int RunInterruptedId = 1002;
    public const int MatrixStartedId = 1100;
    public const int CaseJudgedId = 1101;
    public const int CaseFailedId = 1102;
    public const int TargetNotReadyId = 1200;
    public const int GatewayUnreachableId = 1201;
    public const int ClusterReadRefusedId = 1202;

    [LoggerMessage(RunStartedId, LogLevel.Information, "Run started: target {Target}, mode {Mode}, gateway {Gateway}")]
    public static partial void RunStarted(ILogger logger, string target, string mode, string gateway);

    [LoggerMessage(RunFinishedId, LogLevel.Information, "Run finished: {Pass} pass, {Fail} fail, {Gap} gap, {Error} error in {Seconds:0.0}s{Problem}")]
    public static partial void RunFinished(ILogger logger, int pass, int fail, int gap, int error, double seconds, string problem);

    [LoggerMessage(RunInterruptedId, LogLevel.Warning, "Interrupted: the report holds the verdicts reached so far")]
    public static partial void RunInterrupted(ILogger logger);

    [LoggerMessage(MatrixStartedId, LogLevel.Information,
        "Probing {Cases} cases with {Requests} case requests on {Routes} routes through {Gateway} ({Concurrency} at once, at most {Rps} requests/s)")]
    public static partial void MatrixStarted(ILogger logger, int cases, int requests, int routes, Uri gateway, int concurrency, double rps);

    [LoggerMessage(CaseJudgedId, LogLevel.Information, "[{Done}/{Total}] {Route}: {Case} -> {Verdict}")]
    public static partial void CaseJudged(ILogger logger, int done, int total, string route, string @case, Verdicts.Verdict verdict);

    /// <summary>The same words as <see cref="CaseJudged"/>, as a warning: a fail or an error.</summary>
    [LoggerMessage(CaseFailedId, LogLevel.Warning, "[{Done}/{Total}] {Route}: {Case} -> {Verdict}")]
    public static partial void CaseFailed(ILogger logger, int done, int total, string route, string @case, Verdicts.Verdict verdict);

    [LoggerMessage(TargetNotReadyId, LogLevel.Error, "The target is {NotReady}")]
    public static partial void TargetNotReady(ILogger logger, string notReady);

    [LoggerMessage(GatewayUnreachableId, LogLevel.Error, "{Problem}")]
    public static partial void GatewayUnreachable(ILogger logger, string problem);

    [LoggerMessage(ClusterReadRefusedId, LogLevel.Error, "The cluster could not be read: {Reason}")]
    public static partial void ClusterReadRefused(ILogger logger, string reason);
}
