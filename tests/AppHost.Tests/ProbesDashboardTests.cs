using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using AmbientVerify.Probes.Serving;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// What the AppHost's dashboard wiring reads from the probes, against the probes' own code: the paths, the "first run…"
/// wording, the /summary JSON (a deliberate duplicate across the process boundary, so a contract test), and the
/// command's message.
/// </summary>
public sealed class ProbesDashboardTests
{
    [Fact]
    public void The_paths_and_the_first_run_wording_are_the_probes_own()
    {
        Assert.Equal(RunNowEndpoints.Path, ProbesDashboard.RunNowPath);
        Assert.Equal(ReportEndpoints.SummaryPath, ProbesDashboard.SummaryPath);
        Assert.Equal(VerdictSummary.FirstRunText, ProbesDashboard.FirstRunText);
    }

    [Fact]
    public void The_probes_style_words_are_aspires()
    {
        Assert.Equal(
            [KnownResourceStateStyles.Success, KnownResourceStateStyles.Info, KnownResourceStateStyles.Warn, KnownResourceStateStyles.Error],
            [VerdictSummary.Styles.Success, VerdictSummary.Styles.Info, VerdictSummary.Styles.Warning, VerdictSummary.Styles.Error]);
    }

    [Theory]
    // Negative rows: a blip of one or two unanswered polls, and nothing shown yet, leave the row as it is.
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(3, "probes not answering; last run: 142 pass · 19 gap · 0 fail · 0 error")]
    [InlineData(9, "probes not answering; last run: 142 pass · 19 gap · 0 fail · 0 error")]
    public void A_green_verdict_the_probes_stop_answering_for_is_marked_stale_in_amber(int unansweredPolls, string? expected)
    {
        var shown = new VerdictState("142 pass · 19 gap · 0 fail · 0 error", KnownResourceStateStyles.Success, "2026-12-02T15:00:00+00:00");

        var stale = VerdictState.Unanswered(shown, unansweredPolls);

        Assert.Equal(expected, stale?.Text);
        if (stale is not null)
        {
            Assert.Equal((KnownResourceStateStyles.Warn, shown.RunStarted), (stale.Style, stale.RunStarted));
            Assert.Null(VerdictState.Unanswered(stale, unansweredPolls + 1)); // marked once, not "not answering; last run: not answering; …"
        }

        Assert.Null(VerdictState.Unanswered(null, unansweredPolls));
    }

    [Fact]
    public void A_failing_summary_from_the_probes_becomes_a_red_state_with_its_counts()
    {
        var summary = new VerdictSummary("117 pass · 18 gap · 1 fail · 0 error", VerdictSummary.Styles.Error, 117, 18, 1, 0,
            new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(summary, VerdictSummaryJson.Default.VerdictSummary));

        var state = VerdictState.FromSummary(json.RootElement);

        Assert.NotNull(state);
        var snapshot = state.ApplyTo(new CustomResourceSnapshot { ResourceType = VerdictResource.ResourceType, Properties = [] });
        Assert.Equal(("117 pass · 18 gap · 1 fail · 0 error", KnownResourceStateStyles.Error), (snapshot.State?.Text, snapshot.State?.Style));
        Assert.Contains(snapshot.Properties, p => p.Name == VerdictState.SourceProperty && Equals(p.Value, "117 pass · 18 gap · 1 fail · 0 error"));
        Assert.Contains(snapshot.Properties, p => p.Name == VerdictState.RunStartedProperty && Equals(p.Value, "2026-12-02T15:00:00+00:00"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"text\": \"3 pass\"}")]
    [InlineData("{\"text\": 3, \"style\": \"error\"}")]
    public void Anything_but_a_summary_changes_nothing(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Null(VerdictState.FromSummary(document.RootElement));
    }

    [Fact]
    public async Task A_refusal_from_the_probes_is_the_commands_failure_message()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Conflict)
        {
            Content = new StringContent(RunNowEndpoints.Refused(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero))),
        };

        var result = await ProbesDashboard.RunNowResultAsync(response, TestContext.Current.CancellationToken);

        Assert.False(result.Success);
        Assert.Equal("a run is already going (started 15:00:00 UTC): its verdict shows when it ends; no second run was started", result.Message);
    }

    [Fact]
    public async Task A_started_run_is_the_commands_success_message()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("a run of the matrix starts now; its verdict shows when it ends") };

        var result = await ProbesDashboard.RunNowResultAsync(response, TestContext.Current.CancellationToken);

        Assert.Equal((true, "a run of the matrix starts now; its verdict shows when it ends"), (result.Success, result.Message));
    }
}
