using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Tests.Reporting;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>A gate's metrics.prom: serve's series for the run, plus the gate's exit code and when it ran.</summary>
public class RunExpositionTests
{
    private static readonly RunReport Report = SampleReports.With(SampleReports.Passed, SampleReports.Failed, SampleReports.Timed, SampleReports.Captured);

    private static IReadOnlyList<MetricSample> Samples(string text, string name) => [.. PrometheusText.Parse(text, n => n == name)];

    [Fact]
    public void Check_passed_carries_check_case_route_target_mode_and_capability()
    {
        var text = RunExposition.Render(Report, GateExitCode.Failed);

        var failed = Assert.Single(Samples(text, "ambientverify_check_passed"), s => s.Labels["case"] == "status-500-returned-after-retries");
        Assert.Equal(0, failed.Value);
        Assert.Equal(new Dictionary<string, string>
        {
            ["check"] = "behaviour-matrix", ["case"] = "status-500-returned-after-retries", ["route"] = "customer-service-route",
            ["target"] = "local", ["mode"] = "ambient", ["capability"] = "retry-on-status",
        }, failed.Labels);
        var captured = Assert.Single(Samples(text, "ambientverify_check_passed"), s => s.Labels["case"] == "pods-captured-by-ztunnel");
        Assert.Equal(1, captured.Value);
        Assert.Equal("Deployment ecommerce/cart", captured.Labels["route"]);
        Assert.False(captured.Labels.ContainsKey("capability"));
    }

    public static TheoryData<string, string, string> ProbeDurations => new()
    {
        // The bounds are seconds: a 50 ms answer is over 0.025 and under 0.05, a request ended by the 30 s timeout between 30 and 45.
        { nameof(SampleReports.Passed), "0.025", "0.05" },
        { nameof(SampleReports.Timed), "30", "45" },
    };

    [Theory]
    [MemberData(nameof(ProbeDurations))]
    public void A_probe_is_counted_in_the_bucket_of_its_duration_in_seconds(string result, string lastBoundOver, string firstBoundUnder)
    {
        var text = RunExposition.Render(SampleReports.With(result == nameof(SampleReports.Passed) ? SampleReports.Passed : SampleReports.Timed), GateExitCode.Passed);

        var buckets = Samples(text, "ambientverify_probe_request_duration_seconds_bucket").ToDictionary(s => s.Labels["le"], s => s.Value);
        Assert.Equal(0, buckets[lastBoundOver]);
        Assert.Equal(1, buckets[firstBoundUnder]);
        Assert.Equal(1, buckets["+Inf"]);
    }

    [Fact]
    public void Exit_code_and_the_time_the_run_ended_are_gauges()
    {
        var text = RunExposition.Render(Report, GateExitCode.Failed);

        var exit = Assert.Single(Samples(text, "ambientverify_gate_exit_code"));
        Assert.Equal(1, exit.Value);
        Assert.Equal("local", exit.Labels["target"]);
        var ended = Assert.Single(Samples(text, "ambientverify_gate_last_run_timestamp_seconds"));
        Assert.Equal((Report.Started + Report.Duration).ToUnixTimeSeconds(), ended.Value);
        Assert.Contains("# TYPE ambientverify_gate_exit_code gauge\n", text);
    }

    [Fact]
    public void Every_metric_has_one_help_and_one_type_line_before_its_samples()
    {
        var lines = RunExposition.Render(Report, GateExitCode.Failed).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var typed = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        var helped = lines.Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(typed.Distinct(), typed);
        Assert.Equal(typed, helped);
        Assert.Equal(7, typed.Count);
        string? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[2];
            }
            else if (!line.StartsWith('#'))
            {
                Assert.NotNull(current);
                Assert.StartsWith(current, line, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_subject_with_quotes_and_backslashes_stays_one_valid_label_value()
    {
        var odd = SampleReports.Captured with { Subject = new Subject("Deployment", "ns/we\"ird\\name") };

        var text = RunExposition.Render(SampleReports.With(odd), GateExitCode.Passed);

        Assert.Equal("Deployment ns/we\"ird\\name", Assert.Single(Samples(text, "ambientverify_check_passed")).Labels["route"]);
    }

    [Fact]
    public void A_rerun_of_the_same_case_counts_twice_and_keeps_the_last_verdict()
    {
        var again = SampleReports.Passed with { Verdict = Verdict.Fail };

        var text = RunExposition.Render(SampleReports.With(SampleReports.Passed, again), GateExitCode.Failed);

        Assert.Equal(0, Assert.Single(Samples(text, "ambientverify_check_passed")).Value);
        Assert.Equal([1.0, 1.0], Samples(text, "ambientverify_check_runs_total").Select(s => s.Value));
    }

    [Fact]
    public void A_run_that_could_not_start_still_says_its_exit_code()
    {
        var text = RunExposition.Render(SampleReports.With() with { Problem = "gateway unreachable" }, GateExitCode.Error);

        Assert.Equal(2, Assert.Single(Samples(text, "ambientverify_gate_exit_code")).Value);
        Assert.Empty(Samples(text, "ambientverify_check_passed"));
    }
}

/// <summary>
/// metrics.prom against serve's exporter. The exporter listens to every meter named AmbientVerify in the process, so
/// this runs alone (<see cref="ProcessWideMeters"/>) and keeps to its own routes.
/// </summary>
[Collection(nameof(ProcessWideMeters))]
public class RunExpositionContractTests
{
    /// <summary>
    /// The contract: for the same report, metrics.prom holds exactly the samples serve's exporter scrapes (names, types,
    /// label sets, values, buckets), apart from the exporter's own otel_scope_* labels and the two gate-only gauges.
    /// The report's routes are this test's own, since the exporter listens to every meter of the name in the process.
    /// </summary>
    [Fact]
    public async Task Metrics_prom_holds_the_series_serve_exports_for_the_same_run()
    {
        var marker = "contract-" + Guid.NewGuid().ToString("N")[..8];
        Subject Own(Subject s) => s.Kind == Subject.RouteKind ? Subject.Route(marker + "-" + s.Name) : new Subject(s.Kind, s.Name + "-" + marker);
        var report = SampleReports.With(
            [.. new[] { SampleReports.Passed, SampleReports.Failed, SampleReports.Timed, SampleReports.Captured, SampleReports.Gap }
                .Select(r => r with { Subject = Own(r.Subject) })]);

        var scraped = await ProcessWideMeters.ScrapeServeAsync(report);
        var written = RunExposition.Render(report, GateExitCode.Failed);

        var gateOnly = new[] { ProbeMetricNames.GateExitCode, ProbeMetricNames.GateLastRunTimestamp };
        Assert.Equal(Types(written).Where(t => !gateOnly.Contains(t.Key)).OrderBy(t => t.Key), Types(scraped).Where(t => t.Key.StartsWith("ambientverify_", StringComparison.Ordinal)).OrderBy(t => t.Key));
        var samples = Canonical(written, marker);
        Assert.Contains(samples, s => s.StartsWith("ambientverify_probe_request_duration_seconds_bucket{", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.StartsWith("ambientverify_observed_timeout_seconds{", StringComparison.Ordinal));
        Assert.Equal(samples, Canonical(scraped, marker));
    }

    private static Dictionary<string, string> Types(string text) =>
        text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' '))
            .ToDictionary(p => p[2], p => p[3], StringComparer.Ordinal);

    private static List<string> Canonical(string text, string marker) =>
        [.. PrometheusText.Parse(text, n => n.StartsWith("ambientverify_", StringComparison.Ordinal))
            .Where(s => s.Labels.TryGetValue("route", out var route) && route.Contains(marker, StringComparison.Ordinal))
            .Select(s => s.Name + "{" + string.Join(",", s.Labels.Where(l => !l.Key.StartsWith("otel_scope_", StringComparison.Ordinal))
                .OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "} " + PrometheusTextWriter.Number(s.Value))
            .Order(StringComparer.Ordinal)];
}
