using AmbientVerify.Probes.Tests.Reporting;
using AmbientVerify.Probes.Telemetry;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>The scraped names must be DESIGN §5's, after the Prometheus exporter adds its suffixes.</summary>
[Collection(nameof(ProcessWideMeters))]
public class ProbeMetricsTests
{
    private static Task<string> ScrapeAfterRecordingAsync() => ProcessWideMeters.ScrapeServeAsync(
        SampleReports.With(SampleReports.Passed, SampleReports.Failed, SampleReports.Timed, SampleReports.Captured));

    [Theory]
    [InlineData("ambientverify_check_passed{")]
    [InlineData("ambientverify_check_runs_total{")]
    [InlineData("ambientverify_probe_request_duration_seconds_bucket{")]
    [InlineData("ambientverify_observed_tries{")]
    [InlineData("ambientverify_observed_timeout_seconds{")]
    public async Task Scraped_metric_has_the_design_name(string prefix)
    {
        var scrape = await ScrapeAfterRecordingAsync();

        Assert.Contains(scrape.Split('\n'), line => line.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Lines(string scrape, string metric) =>
        [.. scrape.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal))];

    [Fact]
    public async Task Check_passed_carries_check_case_id_route_target_mode_and_capability()
    {
        var scrape = await ScrapeAfterRecordingAsync();

        var line = Assert.Single(Lines(scrape, "ambientverify_check_passed"), l => l.Contains("case=\"status-500-returned-after-retries\""));
        Assert.Contains("check=\"behaviour-matrix\"", line);
        Assert.Contains("route=\"customer-service-route\"", line);
        Assert.Contains("target=\"local\"", line);
        Assert.Contains("mode=\"ambient\"", line);
        Assert.Contains("capability=\"retry-on-status\"", line);
        Assert.Equal("0", line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0]);
    }

    [Fact]
    public async Task Case_label_is_the_id_never_the_sentence()
    {
        var scrape = await ScrapeAfterRecordingAsync();

        Assert.DoesNotContain(scrape.Split('\n'), l => l.Contains("is retried until success", StringComparison.Ordinal));
        Assert.Single(Lines(scrape, "ambientverify_observed_tries"), l => l.Contains("case=\"status-500-retried-until-success\""));
    }

    [Fact]
    public async Task Result_of_another_check_is_labelled_by_its_subject_without_a_capability()
    {
        var scrape = await ScrapeAfterRecordingAsync();

        var line = Assert.Single(Lines(scrape, "ambientverify_check_passed"), l => l.Contains("case=\"pods-captured-by-ztunnel\""));
        Assert.Contains("route=\"Deployment ecommerce/cart\"", line);
        Assert.DoesNotContain("capability=", line);
    }

    [Fact]
    public async Task Observed_timeout_comes_from_the_case_that_needs_the_route_timeout()
    {
        var scrape = await ScrapeAfterRecordingAsync();

        var line = Assert.Single(Lines(scrape, "ambientverify_observed_timeout_seconds"));
        Assert.Contains("route=\"order-service-route\"", line);
        Assert.Equal("30.02", line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0]);
    }
}
