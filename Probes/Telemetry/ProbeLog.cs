using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// The run's log events, with stable event ids (what log queries and alerts key on; never renumber one): 1000s the
/// run, 1100s the matrix, 1200s what stops a run from starting, 1300s the twin routes' lifecycle, 1400s serve (its
/// periodic runs and the dashboard's "Run the matrix now"). All in this one file, so no two events share an id.
/// </summary>
public static partial class ProbeLog
{
    public const int RunStartedId = 1000;
    public const int RunFinishedId = 1001;
    public const int RunInterruptedId = 1002;
    public const int ReportsWrittenId = 1003;
    public const int ReportWriteFailedId = 1004;
    public const int MatrixStartedId = 1100;
    public const int CaseJudgedId = 1101;
    public const int CaseFailedId = 1102;
    public const int TargetNotReadyId = 1200;
    public const int GatewayUnreachableId = 1201;
    public const int ClusterReadRefusedId = 1202;
    public const int TwinPlannedId = 1300;
    public const int TwinNotPlannedId = 1301;
    public const int TwinSweptId = 1302;
    public const int TwinCreatedId = 1303;
    public const int TwinReplacedId = 1304;
    public const int FaultTargetAvailableId = 1305;
    public const int TwinConvergedId = 1306;
    public const int TwinNotConvergedId = 1307;
    public const int TwinCleanedUpId = 1308;
    public const int TwinCleanupIncompleteId = 1309;
    public const int PeriodicRunFinishedId = 1400;
    public const int RunNowStartedId = 1401;
    public const int RunNowRefusedId = 1402;

    [LoggerMessage(RunStartedId, LogLevel.Information, "Run started: target {Target}, mode {Mode}, gateway {Gateway}")]
    public static partial void RunStarted(ILogger logger, string target, string mode, string gateway);

    [LoggerMessage(RunFinishedId, LogLevel.Information, "Run finished: {Pass} pass, {Fail} fail, {Gap} gap, {Error} error in {Seconds:0.0}s{Problem}")]
    public static partial void RunFinished(ILogger logger, int pass, int fail, int gap, int error, double seconds, string problem);

    [LoggerMessage(RunInterruptedId, LogLevel.Warning, "Interrupted: the report holds the verdicts reached so far")]
    public static partial void RunInterrupted(ILogger logger);

    [LoggerMessage(ReportsWrittenId, LogLevel.Information, "Reports written to {Folder}: {Files}")]
    public static partial void ReportsWritten(ILogger logger, string folder, string files);

    /// <summary>An error: the run's verdicts reached no file (the console summary still has them).</summary>
    [LoggerMessage(ReportWriteFailedId, LogLevel.Error, "The reports could not be written to {Folder}: {Reason}")]
    public static partial void ReportWriteFailed(ILogger logger, string folder, string reason);

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

    [LoggerMessage(TwinPlannedId, LogLevel.Information, "Twin plan of {Run}: {Twins} twin route(s), {Objects} object(s) in {Namespace}")]
    public static partial void TwinPlanned(ILogger logger, object run, int twins, int objects, string @namespace);

    [LoggerMessage(TwinNotPlannedId, LogLevel.Warning, "Twin plan: {Note}")]
    public static partial void TwinNotPlanned(ILogger logger, object note);

    [LoggerMessage(TwinSweptId, LogLevel.Information, "Twin sweep of {Namespace}: {Report}")]
    public static partial void TwinSwept(ILogger logger, string @namespace, object report);

    [LoggerMessage(TwinCreatedId, LogLevel.Information, "Created {Kind} {Namespace}/{Name} of run {RunId}")]
    public static partial void TwinCreated(ILogger logger, Cluster.Twins.TwinKind kind, string @namespace, string name, string runId);

    [LoggerMessage(TwinReplacedId, LogLevel.Information, "Replaced {Kind} {Namespace}/{Name} left by an earlier apply of run {RunId}")]
    public static partial void TwinReplaced(ILogger logger, Cluster.Twins.TwinKind kind, string @namespace, string name, string runId);

    [LoggerMessage(FaultTargetAvailableId, LogLevel.Information, "FaultTarget Deployment {Namespace}/{Name} is Available after {Seconds:0.0}s")]
    public static partial void FaultTargetAvailable(ILogger logger, string @namespace, string name, double seconds);

    [LoggerMessage(TwinConvergedId, LogLevel.Information, "Twin convergence: {Twin}")]
    public static partial void TwinConverged(ILogger logger, object twin);

    [LoggerMessage(TwinNotConvergedId, LogLevel.Warning, "Twin convergence: {Twin}")]
    public static partial void TwinNotConverged(ILogger logger, object twin);

    [LoggerMessage(TwinCleanedUpId, LogLevel.Information, "Twin clean-up of run {RunId}: {Report}")]
    public static partial void TwinCleanedUp(ILogger logger, string runId, object report);

    [LoggerMessage(TwinCleanupIncompleteId, LogLevel.Error,
        "Twin clean-up of run {RunId} is incomplete: {Report}; delete the rest with kubectl delete services,deployments,httproutes,virtualservices -n {Namespace} -l {Selector}")]
    public static partial void TwinCleanupIncomplete(ILogger logger, string runId, object report, string @namespace, string selector);

    [LoggerMessage(PeriodicRunFinishedId, LogLevel.Information, "Run finished: {Summary}; exit code would be {ExitCode}; next run in {Interval}")]
    public static partial void PeriodicRunFinished(ILogger logger, string summary, int exitCode, TimeSpan interval);

    [LoggerMessage(RunNowStartedId, LogLevel.Information, "Run now requested: a run starts")]
    public static partial void RunNowStarted(ILogger logger);

    [LoggerMessage(RunNowRefusedId, LogLevel.Information, "Run now refused: a run is going since {RunningSince:O}")]
    public static partial void RunNowRefused(ILogger logger, DateTimeOffset runningSince);
}
