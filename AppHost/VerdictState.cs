using System.Text.Json;

namespace AmbientVerify.AppHost;

/// <summary>What the verdict row shows: the probes' summary line, the style it is drawn in, and when the run started.</summary>
public sealed record VerdictState(string Text, string Style, string? RunStarted)
{
    public const string RunStartedProperty = "verdict.runStarted";

    /// <summary>
    /// The dashboard's Source column shows this property of a resource that has no project, executable or image
    /// (dotnet/aspire src/Shared/Model/ResourceSourceViewModel.cs, KnownProperties.Resource.Source). The state column
    /// humanizes its text, which drops the "·" between the counts (Humanizer keeps only words); the Source column shows
    /// the line as written, and is wide.
    /// </summary>
    public const string SourceProperty = "resource.source";

    /// <summary>
    /// The JSON of Probes' GET /summary ({"text", "style", "started", …}); its style is already one of Aspire's
    /// KnownResourceStateStyles words. Null when it is not such a summary.
    /// </summary>
    public static VerdictState? FromSummary(JsonElement summary) =>
        summary.ValueKind == JsonValueKind.Object
        && summary.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
        && summary.TryGetProperty("style", out var style) && style.ValueKind == JsonValueKind.String
            ? new VerdictState(text.GetString()!, style.GetString()!,
                summary.TryGetProperty("started", out var started) && started.ValueKind == JsonValueKind.String ? started.GetString() : null)
            : null;

    /// <summary>Polls in a row without an answer before the row stops showing the last verdict as if it were current.</summary>
    public const int UnansweredPollsBeforeStale = 3;

    /// <summary>
    /// What the row shows after <paramref name="unansweredPolls"/> polls in a row got no summary: the last verdict while
    /// it may be a blip (a restart, a busy machine), then that verdict marked stale in amber, so a green line never
    /// outlives the probes that said it. Null: leave the row as it is.
    /// </summary>
    public static VerdictState? Unanswered(VerdictState? shown, int unansweredPolls) =>
        shown is null || unansweredPolls < UnansweredPollsBeforeStale || shown.Text.StartsWith(StalePrefix, StringComparison.Ordinal)
            ? null
            : new VerdictState(StalePrefix + shown.Text, KnownResourceStateStyles.Warn, shown.RunStarted);

    /// <summary>The words put before a verdict the probes no longer answer for.</summary>
    public const string StalePrefix = "probes not answering; last run: ";

    public CustomResourceSnapshot ApplyTo(CustomResourceSnapshot snapshot) => snapshot with
    {
        State = new ResourceStateSnapshot(Text, Style),
        Properties =
        [
            .. snapshot.Properties.Where(p => p.Name is not RunStartedProperty and not SourceProperty),
            new ResourcePropertySnapshot(SourceProperty, Text),
            new ResourcePropertySnapshot(RunStartedProperty, RunStarted),
        ],
    };
}
