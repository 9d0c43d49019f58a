using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Serving;
using AmbientVerify.Probes.Tests.Reporting;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Serving;

/// <summary>The one-line verdict of the dashboard's verdict row: its counts in the order, and its colour.</summary>
public sealed class VerdictSummaryTests
{
    public static TheoryData<string, CheckResult[], string, string> Runs => new()
    {
        { "all passed", [SampleReports.Passed, SampleReports.Timed], "2 pass · 0 gap · 0 fail · 0 error", VerdictSummary.Styles.Success },
        { "gaps are known limitations the gate passes", [SampleReports.Passed, SampleReports.Gap], "1 pass · 1 gap · 0 fail · 0 error", VerdictSummary.Styles.Success },
        { "one fail is red", [SampleReports.Passed, SampleReports.Gap, SampleReports.Failed], "1 pass · 1 gap · 1 fail · 0 error", VerdictSummary.Styles.Error },
        { "an error is never green", [SampleReports.Passed, SampleReports.Errored], "1 pass · 0 gap · 0 fail · 1 error", VerdictSummary.Styles.Warning },
        { "a fail outweighs an error", [SampleReports.Failed, SampleReports.Errored], "0 pass · 0 gap · 1 fail · 1 error", VerdictSummary.Styles.Error },
        { "no result at all proves nothing", [], "0 pass · 0 gap · 0 fail · 0 error", VerdictSummary.Styles.Warning },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void A_run_is_counted_pass_gap_fail_error_and_coloured_by_its_worst_verdict(string scenario, CheckResult[] results, string text, string style)
    {
        var summary = VerdictSummary.Of(SampleReports.With(results));

        Assert.True(summary.Text == text && summary.Style == style, $"{scenario}: got '{summary.Text}' ({summary.Style}), expected '{text}' ({style})");
    }

    [Fact]
    public void The_counts_match_the_report_and_the_start_names_the_run()
    {
        var report = SampleReports.With(SampleReports.Passed, SampleReports.Passed, SampleReports.Gap, SampleReports.Failed, SampleReports.Errored);

        var summary = VerdictSummary.Of(report);

        Assert.Equal((2, 1, 1, 1), (summary.Pass, summary.Gap, summary.Fail, summary.Error));
        Assert.Equal(report.Started, summary.Started);
    }

    [Fact]
    public void Before_the_first_run_ends_it_says_first_run_in_a_neutral_colour()
    {
        var summary = VerdictSummary.Of(null);

        Assert.Equal(("first run…", VerdictSummary.Styles.Info, null), (summary.Text, summary.Style, summary.Started));
    }

    [Fact]
    public void A_run_that_could_not_start_is_red_and_says_why()
    {
        var report = SampleReports.With() with { Problem = "gateway http://127.0.0.1:1/ is unreachable" };

        var summary = VerdictSummary.Of(report);

        Assert.Equal(("could not run: gateway http://127.0.0.1:1/ is unreachable", VerdictSummary.Styles.Error), (summary.Text, summary.Style));
    }
}
