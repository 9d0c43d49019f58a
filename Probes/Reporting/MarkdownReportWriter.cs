using System.Text;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>report.md: a summary table, one table per check and subject (each case by id and sentence), and the remedies to apply.</summary>
public static class MarkdownReportWriter
{
    public static string ToMarkdown(RunReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("# AmbientVerify report").AppendLine();
        md.AppendLine($"- target: {report.Target}, expected mode: {report.Mode}");
        md.AppendLine($"- gateway: {report.Gateway}" + (report.EmulatedGateway is { } emulated ? $" ({Cell(emulated)})" : ""));
        md.AppendLine($"- manifests: {report.ManifestsDirectory}");
        md.AppendLine($"- started: {report.Started:u}, duration: {ValueText.Seconds(report.Duration)}");
        md.AppendLine($"- verdicts: {report.Count(Verdict.Pass)} pass, {report.Count(Verdict.Fail)} fail, {report.Count(Verdict.Gap)} gap, {report.Count(Verdict.Error)} error");
        if (report.Problem is not null)
        {
            md.AppendLine().AppendLine($"**The run could not start:** {Cell(report.Problem)}");
        }

        md.AppendLine().AppendLine("## Summary").AppendLine();
        md.AppendLine("| check | subject | pass | fail | gap | error |").AppendLine("|---|---|---|---|---|---|");
        foreach (var group in report.Groups())
        {
            int Count(Verdict v) => group.Count(r => r.Verdict == v);
            md.AppendLine($"| {group.Key.Check} | {Cell(group.Key.Subject.Display)} | {Count(Verdict.Pass)} | {Count(Verdict.Fail)} | {Count(Verdict.Gap)} | {Count(Verdict.Error)} |");
        }

        if (report.Expectations.Count > 0)
        {
            md.AppendLine().AppendLine("## Expectations per route").AppendLine();
            md.AppendLine($"- expectations file: {(report.ExpectationsFile is { } file ? Cell(file) : "none (the plan's values)")}").AppendLine();
            md.AppendLine("| route | expected | from |").AppendLine("|---|---|---|");
            foreach (var applied in report.Expectations)
            {
                md.AppendLine($"| {Cell(applied.Route.ToString())} | {Cell(applied.Expectations.Describe())} | {Cell(applied.Expectations.Source)} |");
            }
        }

        foreach (var group in report.Groups())
        {
            md.AppendLine().AppendLine($"## {group.Key.Check}: {group.Key.Subject.Display}").AppendLine();
            md.AppendLine("| id | case | needs | verdict | expected | observed | message |").AppendLine("|---|---|---|---|---|---|---|");
            foreach (var r in group)
            {
                md.AppendLine($"| `{r.CaseId}` | {Cell(r.Case)} | {r.Capability ?? "—"} | {VerdictText.Name(r.Verdict)} | {ValueText.Expected(r.Expected)} | {ValueText.Observed(r.Observed)} | {Cell(r.Message)} |");
            }
        }

        var remedies = report.Results.Where(r => r.Remedy is not null).Select(r => (r.Subject, Remedy: r.Remedy!)).Distinct().ToList();
        if (remedies.Count > 0)
        {
            md.AppendLine().AppendLine("## Remedies").AppendLine();
            foreach (var (subject, remedy) in remedies)
            {
                md.AppendLine($"- **{Cell(subject.ToString())}**: {remedy}");
            }
        }

        return md.ToString();
    }

    private static string Cell(string text) => MarkdownCell.Of(text);
}
