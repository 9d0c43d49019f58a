using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Tests.Resources;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Reporting;

/// <summary>report.html's text: encoded, failing cases first, Chart.js inlined (no CDN), chart data from the observations.</summary>
public sealed class HtmlReportWriterTests
{
    [Fact]
    public void A_script_in_a_route_name_or_a_message_is_text_not_markup()
    {
        var hostile = SampleReports.Failed with
        {
            Subject = Subject.Route("<script>alert(1)</script>"),
            Message = "a </script><b>bold</b> message",
        };

        var html = HtmlReportWriter.ToHtml(SampleReports.With(hostile));

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("<b>bold</b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("\\u003Cscript\\u003Ealert(1)", html); // the chart label, in the JSON data
    }

    [Fact]
    public void Rows_go_fail_error_gap_pass_and_keep_their_order_within_a_verdict()
    {
        var html = HtmlReportWriter.ToHtml(SampleReports.With(
            SampleReports.Passed, SampleReports.Gap, SampleReports.Timed, SampleReports.Errored, SampleReports.Failed));

        var rows = html.Split("<tr class=\"").Skip(1).Select(r => r[..r.IndexOf('"', StringComparison.Ordinal)]).ToList();
        Assert.Equal(["fail", "error", "gap", "pass", "pass"], rows);
        Assert.True(html.IndexOf(SampleReports.Passed.CaseId, StringComparison.Ordinal) < html.IndexOf(SampleReports.Timed.CaseId, StringComparison.Ordinal));
        Assert.Contains("<td class=\"remedy\">add spec.rules[].retry</td>", html);
    }

    [Fact]
    public void Chart_js_is_inlined_and_nothing_is_loaded_from_elsewhere()
    {
        var html = HtmlReportWriter.ToHtml(SampleReports.With(SampleReports.Passed));

        Assert.Contains("Chart.js v4.6.1", html);
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void The_charts_show_the_longest_observed_time_per_route_and_the_tries_per_case()
    {
        var charts = HtmlReportWriter.Charts(SampleReports.With(SampleReports.Passed, SampleReports.Failed, SampleReports.Timed, SampleReports.Errored));

        var elapsed = charts.Single(c => c.Id == "elapsed");
        Assert.Equal(["customer-service-route", "order-service-route"], elapsed.Labels);
        Assert.Equal([0.05, 30.02], elapsed.Series[0].Values);
        Assert.Equal([null, 30.5], elapsed.Series[1].Values);
        var tries = charts.Single(c => c.Id == "tries");
        Assert.Equal(3, tries.Labels.Count); // the errored case observed nothing
        Assert.Equal([4, 1, 3], tries.Series[0].Values);
        Assert.Equal([4, 4, null], tries.Series[1].Values);
    }

    [Fact]
    public void Compare_html_charts_memory_and_cpu_before_and_after_on_each_basis_and_the_latency_percentiles()
    {
        var before = Snapshots.Sidecar() with { Load = [Snapshots.Load("steady", 100, 0.010)] };
        var after = Snapshots.Ambient() with { Load = [Snapshots.Load("steady", 110, 0.008)] };
        var comparison = ResourceComparison.Compare(before, after);

        var charts = ComparisonHtml.Charts(comparison);

        var memory = charts.Single(c => c.Id == "memory");
        Assert.Equal(SavingsBases.All, memory.Labels);
        Assert.NotNull(memory.Series[0].Values[0]);
        Assert.NotNull(memory.Series[1].Values[0]);
        Assert.Null(memory.Series[0].Values[2]); // usage_avg: not measured
        Assert.Contains(charts, c => c.Id == "cpu");
        var latency = charts.Single(c => c.Id == "latency");
        Assert.Equal(["steady before", "steady after"], latency.Series.Select(s => s.Label));
        Assert.Equal(0.010, latency.Series[0].Values[0]);
        Assert.Contains("<div id=\"comparison\">", ComparisonHtml.Render(comparison));
    }

    [Fact]
    public async Task Report_files_and_compare_write_the_html_beside_the_markdown()
    {
        var directory = Directory.CreateTempSubdirectory("html-report").FullName;
        try
        {
            await ReportFiles.WriteAsync(SampleReports.With(SampleReports.Failed), directory, strict: false, TestContext.Current.CancellationToken);
            ComparisonFiles.Write(ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient()), directory);

            Assert.Contains("add spec.rules[].retry", await File.ReadAllTextAsync(Path.Combine(directory, HtmlReportWriter.FileName), TestContext.Current.CancellationToken));
            Assert.Contains("Dataplane memory", await File.ReadAllTextAsync(Path.Combine(directory, ComparisonHtml.FileName), TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
