namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// The load metrics' names and quantile labels (DESIGN §5), spelled once for the two processes that export them:
/// LoadTests while it runs (<c>LoadTests/Telemetry/LoadMetrics.cs</c>) and Probes' <c>serve --comparison</c> for the
/// load figures kept in a comparison's snapshots (<see cref="Resources.DataplaneMetrics"/>). The instrument names leave
/// out what the Prometheus exporter appends (unit "s" → "_seconds").
/// </summary>
public static class LoadMetricNames
{
    /// <summary>Scraped as <c>ambientverify_load_latency_seconds{scenario,mode,quantile}</c>.</summary>
    public const string Latency = "ambientverify_load_latency";

    public const string LatencyUnit = "s";

    /// <summary><c>ambientverify_load_requests_per_second{scenario,mode}</c>.</summary>
    public const string RequestsPerSecond = "ambientverify_load_requests_per_second";

    /// <summary>p50, p75, p95, p99, p99.9 and the maximum, as Prometheus summaries spell quantiles.</summary>
    public static readonly IReadOnlyList<string> Quantiles = ["0.5", "0.75", "0.95", "0.99", "0.999", "1"];
}
