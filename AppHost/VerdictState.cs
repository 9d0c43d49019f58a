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
