using System.Text;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>The plain-text table printed after each run, then every case that did not pass: its id, sentence and message.</summary>
public static class ConsoleSummary
{
    public static string Render(RunReport report)
    {
        var rows = report.Groups()
            .Select(g => new[]
            {
                g.Key.Check, g.Key.Subject.Display,
                Count(g, Verdict.Pass), Count(g, Verdict.Fail), Count(g, Verdict.Gap), Count(g, Verdict.Error),
            })
            .Prepend(["check", "subject", "pass", "fail", "gap", "error"])
            .ToList();
        var widths = Enumerable.Range(0, 6).Select(i => rows.Max(r => r[i].Length)).ToArray();

        var text = new StringBuilder();
        text.AppendLine($"AmbientVerify {report.Target}/{report.Mode} via {report.Gateway} ({ValueText.Seconds(report.Duration)}): " +
            $"{report.Count(Verdict.Pass)} pass, {report.Count(Verdict.Fail)} fail, {report.Count(Verdict.Gap)} gap, {report.Count(Verdict.Error)} error");
        if (report.EmulatedGateway is { } emulated)
        {
            text.AppendLine("gateway: " + emulated);
        }

        if (report.Problem is not null)
        {
            text.AppendLine("could not start: " + report.Problem);
        }

        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i < 2 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        // Without a file every route has the plan's values: one line says so instead of one per route.
        if (report.Expectations.Count > 0 && report.Expectations.All(a => a.Expectations.Source == RouteExpectations.PlanDefault)
            && report.Expectations.Select(a => a.Expectations.Describe()).Distinct().Count() == 1)
        {
            text.AppendLine($"expected: {report.Expectations[0].Expectations.Describe()} ({RouteExpectations.PlanDefault}, every route)");
        }
        else
        {
            foreach (var applied in report.Expectations)
            {
                text.AppendLine($"expected {applied.Route}: {applied.Expectations.Describe()} ({applied.Expectations.Source})");
            }
        }

        foreach (var r in report.Results.Where(r => r.Verdict != Verdict.Pass))
        {
            text.AppendLine($"{VerdictText.Name(r.Verdict).ToUpperInvariant(),-5} {r.Subject.Display}: {r.CaseId} ({r.Case}): {r.Message}");
        }

        return text.ToString();
    }

    private static string Count(IEnumerable<CheckResult> results, Verdict verdict) =>
        results.Count(r => r.Verdict == verdict).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
