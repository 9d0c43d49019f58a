using System.Text.Json;
using System.Text.Json.Serialization;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Serving;

/// <summary>
/// The last run in one line, for a place that shows one line: the Aspire dashboard's probes row ("117 pass · 18 gap ·
/// 0 fail · 0 error"), with the style its state column draws it in.
/// </summary>
/// <param name="Text">"117 pass · 18 gap · 0 fail · 0 error"; "first run…" before a run ended; "could not run: …".</param>
/// <param name="Style">One of <see cref="Styles"/>: red on a fail or a run that could not start, amber on an error.</param>
/// <param name="Started">When the run summed up started; null before the first run ended. A new value means a new run.</param>
public sealed record VerdictSummary(
    string Text,
    string Style,
    int Pass,
    int Gap,
    int Fail,
    int Error,
    DateTimeOffset? Started)
{
    public const string FirstRunText = "first run…";

    /// <summary>
    /// The words of Aspire's KnownResourceStateStyles (dotnet/aspire src/Aspire.Hosting/ApplicationModel/CustomResourceSnapshot.cs),
    /// which the dashboard maps to its icon and colour (src/Aspire.Dashboard/Model/ResourceStateViewModel.cs). Spelled
    /// here too because Probes does not reference Aspire; AppHost's VerdictResource passes them on unchanged.
    /// </summary>
    public static class Styles
    {
        public const string Success = "success";
        public const string Info = "info";
        public const string Warning = "warning";
        public const string Error = "error";
    }

    /// <summary>The one place that counts a run for a one-line verdict.</summary>
    public static VerdictSummary Of(RunReport? report)
    {
        if (report is null)
        {
            return new VerdictSummary(FirstRunText, Styles.Info, 0, 0, 0, 0, null);
        }

        int pass = report.Count(Verdict.Pass), gap = report.Count(Verdict.Gap), fail = report.Count(Verdict.Fail), error = report.Count(Verdict.Error);
        var text = report.Problem is { } problem
            ? $"could not run: {problem}"
            : $"{pass} pass · {gap} gap · {fail} fail · {error} error";
        return new VerdictSummary(text, StyleOf(report, fail, error), pass, gap, fail, error, report.Started);
    }

    // A fail, or a run that never looked, is red. An error is a case that could not look: it proves nothing, so it is
    // never green, but it is amber (the mesh may be right). Gaps are known limitations the gate passes: green.
    private static string StyleOf(RunReport report, int fail, int error) =>
        report.Problem is not null || fail > 0 ? Styles.Error
        : error > 0 || report.Results.Count == 0 ? Styles.Warning
        : Styles.Success;
}

/// <summary>The JSON of GET /summary (camelCase: text, style, pass, gap, fail, error, started), which the AppHost reads.</summary>
[JsonSerializable(typeof(VerdictSummary))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
public sealed partial class VerdictSummaryJson : JsonSerializerContext;
