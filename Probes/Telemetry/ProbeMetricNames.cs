namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// The check metrics' names, descriptions, labels and bucket bounds (DESIGN §5), spelled once for the two ways they
/// leave the process: <c>serve</c>'s /metrics (<see cref="ProbeMetrics"/>, through the OpenTelemetry Prometheus
/// exporter) and a gate's <c>metrics.prom</c> (<see cref="RunExposition"/>, written without an exporter because a gate
/// lives seconds). The instrument names leave out what the exporter appends (unit "s" → "_seconds", counters →
/// "_total"); <see cref="Scraped"/> gives the name a scrape shows.
/// </summary>
public static class ProbeMetricNames
{
    public const string CheckPassed = "ambientverify_check_passed";
    public const string CheckPassedHelp = "1 when the check's last verdict was pass, else 0";

    /// <summary>A counter: scraped as <c>ambientverify_check_runs_total</c>.</summary>
    public const string CheckRuns = "ambientverify_check_runs";
    public const string CheckRunsHelp = "Check runs by verdict";

    /// <summary>A histogram in seconds: scraped as <c>ambientverify_probe_request_duration_seconds</c>.</summary>
    public const string ProbeRequestDuration = "ambientverify_probe_request_duration";
    public const string ProbeRequestDurationHelp = "Time from sending a probe through the gateway to its answer";

    public const string ObservedTries = "ambientverify_observed_tries";
    public const string ObservedTriesHelp = "Tries the fault backend counted for the case's last probe";

    /// <summary>A gauge in seconds: scraped as <c>ambientverify_observed_timeout_seconds</c>.</summary>
    public const string ObservedTimeout = "ambientverify_observed_timeout";
    public const string ObservedTimeoutHelp = "When the gateway ended a stalled request (its effective request timeout)";

    /// <summary>The unit of the duration and the timeout (UCUM seconds, which the exporter writes as "_seconds").</summary>
    public const string Seconds = "s";

    /// <summary>
    /// The duration histogram's upper bounds in seconds, given to the instrument as advice so that <c>serve</c> and
    /// <c>metrics.prom</c> bucket alike by construction. Not OpenTelemetry's default bounds (0, 5, 10 … 10000): those
    /// are meant for milliseconds, and on a histogram in seconds they put a 10 ms answer in the 0–5 s bucket, so a
    /// dashboard's histogram_quantile read seconds for milliseconds. These are the Prometheus clients' default bounds
    /// (.005 … 10 s, prometheus/client_golang prometheus/histogram.go DefBuckets) extended past the plan's per-try
    /// timeout (10 s) to beyond its request timeout (30 s), where the stalled cases end.
    /// </summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 20, 30, 45, 60];

    /// <summary>Labels: the check, the case's stable id, the subject as one text, the target, the expected mode, the case's capability, the verdict.</summary>
    public const string CheckLabel = "check", CaseLabel = "case", RouteLabel = "route", TargetLabel = "target", ModeLabel = "mode",
        CapabilityLabel = "capability", VerdictLabel = "verdict";

    /// <summary>Only in a gate's metrics.prom: the exit code it returned.</summary>
    public const string GateExitCode = "ambientverify_gate_exit_code";
    public const string GateExitCodeHelp = "The gate's exit code: 0 passed, 1 a case failed (or a gap under --strict), 2 an error or a run that could not start";

    /// <summary>Only in a gate's metrics.prom: when the run ended, so a dashboard can say how old the verdicts are.</summary>
    public const string GateLastRunTimestamp = "ambientverify_gate_last_run_timestamp_seconds";
    public const string GateLastRunTimestampHelp = "When the gate's run ended, in seconds since the Unix epoch";

    /// <summary>What a Prometheus scrape calls an instrument: the exporter's suffixes added.</summary>
    public static string Scraped(string instrument) => instrument switch
    {
        CheckRuns => CheckRuns + "_total",
        ProbeRequestDuration or ObservedTimeout => instrument + "_seconds",
        _ => instrument,
    };
}
