using System.Text;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// compare.html: compare.md's headings, tables and notes as HTML (<see cref="MarkdownHtml"/>: converted from the same
/// markdown, so the page cannot show a figure compare.md does not), with charts of the dataplane's memory and CPU before (sidecar) and after
/// (ambient) on each basis, and of the latency percentiles per load scenario (the page of <see cref="HtmlReportWriter"/>).
/// </summary>
public static class ComparisonHtml
{
    public const string FileName = "compare.html";

    public static string Render(ResourceComparison comparison)
    {
        var body = new StringBuilder();
        body.Append("<div id=\"comparison\">").Append(MarkdownHtml.ToHtml(ComparisonMarkdown.Render(comparison))).AppendLine("</div>");
        return HtmlReportWriter.Page("AmbientVerify resource comparison", body.ToString(), Charts(comparison));
    }

    public static IReadOnlyList<HtmlReportWriter.BarChart> Charts(ResourceComparison comparison)
    {
        var bases = SavingsBases.All;
        double? Sum(MeshMode mode, string basis, Func<Manifests.Model.ResourceAmounts, double?> pick)
        {
            // Kinds the mode has none of (ztunnel before) or whose amount is unset add nothing; null: nothing known on this basis.
            var known = comparison.Totals.Where(t => t.Mode == mode && t.Basis == basis && t.NotMeasured is null && pick(t.Total) is not null).ToList();
            return known.Count == 0 ? null : known.Sum(t => pick(t.Total)!.Value);
        }

        HtmlReportWriter.BarSeries Series(string label, MeshMode mode, Func<Manifests.Model.ResourceAmounts, double?> pick) =>
            new(label, bases.Select(b => Sum(mode, b, pick)).ToList());

        static double? Mi(Manifests.Model.ResourceAmounts a) => a.MemoryBytes / (double)ResourceText.Mi;
        static double? Cores(Manifests.Model.ResourceAmounts a) => a.CpuCores;

        var charts = new List<HtmlReportWriter.BarChart>
        {
            new("memory", "Dataplane memory (Mi) per basis", bases, [Series("before (sidecar)", comparison.Before.Mode, Mi), Series("after (ambient)", comparison.After.Mode, Mi)]),
            new("cpu", "Dataplane CPU (cores) per basis", bases, [Series("before (sidecar)", comparison.Before.Mode, Cores), Series("after (ambient)", comparison.After.Mode, Cores)]),
        };
        if (comparison.Load.Count > 0)
        {
            string[] quantiles = ["p50", "p95", "p99", "p99.9"];
            static double[] Pick(LatencyFigures l) => [l.P50, l.P95, l.P99, l.P999];
            charts.Add(new("latency", "Latency percentiles (s) per load scenario, before and after",
                quantiles,
                [.. comparison.Load.SelectMany(l => new HtmlReportWriter.BarSeries[]
                {
                    new($"{l.Scenario} before", [.. Pick(l.Before.Latency).Select(v => (double?)v)]),
                    new($"{l.Scenario} after", [.. Pick(l.After.Latency).Select(v => (double?)v)]),
                })]));
        }

        return charts;
    }
}
