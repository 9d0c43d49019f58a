using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>
/// report.html: one self-contained page (works offline, no CDN): the verdict table, failing cases first with their
/// remedies, filtered by verdict and by text in a few lines of plain JS, and Chart.js charts (inlined from
/// Reporting/assets) of the observed elapsed time per route and the observed tries per case.
/// </summary>
public static class HtmlReportWriter
{
    public const string FileName = "report.html";

    /// <summary>A chart for <see cref="Page"/>: a canvas id, a title and a Chart.js bar chart's labels (a newline breaks one) and datasets.</summary>
    public sealed record BarChart(string Id, string Title, IReadOnlyList<string> Labels, IReadOnlyList<BarSeries> Series)
    {
        /// <summary>Bars along the x axis, labels down the y axis: for long labels (route · case).</summary>
        public bool Horizontal { get; init; }
    }

    /// <summary>One dataset of a <see cref="BarChart"/>.</summary>
    public sealed record BarSeries(string Label, IReadOnlyList<double?> Values);

    /// <summary>Fail, error, gap, then pass: what needs a person first.</summary>
    public static int Rank(Verdict verdict) => verdict switch
    {
        Verdict.Fail => 0,
        Verdict.Error => 1,
        Verdict.Gap => 2,
        _ => 3,
    };

    public static string ToHtml(RunReport report)
    {
        var body = new StringBuilder();
        body.Append("<p>target: ").Append(E(report.Target)).Append(", expected mode: ").Append(E(report.Mode))
            .Append(", gateway: ").Append(E(report.Gateway)).Append(", manifests: ").Append(E(report.ManifestsDirectory))
            .Append(", started: ").Append(E(report.Started.ToString("u", CultureInfo.InvariantCulture)))
            .Append(", duration: ").Append(E(ValueText.Seconds(report.Duration))).AppendLine("</p>");
        body.Append("<p class=\"counts\">verdicts: ").Append(report.Count(Verdict.Pass)).Append(" pass, ")
            .Append(report.Count(Verdict.Fail)).Append(" fail, ").Append(report.Count(Verdict.Gap)).Append(" gap, ")
            .Append(report.Count(Verdict.Error)).AppendLine(" error</p>");
        if (report.Problem is not null)
        {
            body.Append("<p class=\"problem\"><strong>The run could not start:</strong> ").Append(E(report.Problem)).AppendLine("</p>");
        }

        body.AppendLine("""
            <fieldset id="filters"><legend>filter</legend>
            <label><input type="checkbox" name="verdict" value="fail" checked> fail</label>
            <label><input type="checkbox" name="verdict" value="error" checked> error</label>
            <label><input type="checkbox" name="verdict" value="gap" checked> gap</label>
            <label><input type="checkbox" name="verdict" value="pass" checked> pass</label>
            <label>text <input type="search" id="text" placeholder="route, case, message…"></label>
            <span id="shown"></span></fieldset>
            """);
        body.AppendLine("<table id=\"verdicts\"><thead><tr><th>check</th><th>subject</th><th>case</th><th>verdict</th><th>expected</th><th>observed</th><th>message</th><th>remedy</th></tr></thead><tbody>");
        foreach (var r in report.Results.Select((r, i) => (r, i)).OrderBy(x => Rank(x.r.Verdict)).ThenBy(x => x.i).Select(x => x.r))
        {
            var verdict = VerdictText.Name(r.Verdict);
            body.Append("<tr class=\"").Append(verdict).Append("\" data-verdict=\"").Append(verdict).Append("\">")
                .Append("<td>").Append(E(r.Check)).Append("</td>")
                .Append("<td>").Append(E(r.Subject.Display)).Append("</td>")
                .Append("<td><code>").Append(E(r.CaseId)).Append("</code><br>").Append(E(r.Case)).Append("</td>")
                .Append("<td class=\"verdict\">").Append(verdict).Append("</td>")
                .Append("<td>").Append(E(ValueText.Expected(r.Expected))).Append("</td>")
                .Append("<td>").Append(E(ValueText.Observed(r.Observed))).Append("</td>")
                .Append("<td>").Append(E(r.Message)).Append("</td>")
                .Append("<td class=\"remedy\">").Append(E(r.Remedy ?? "")).AppendLine("</td></tr>");
        }

        body.AppendLine("</tbody></table>");
        return Page("AmbientVerify report", body.ToString(), Charts(report));
    }

    /// <summary>The longest observed answer per route (timeouts show as the tall bars) and the tries per case, observed beside expected.</summary>
    public static IReadOnlyList<BarChart> Charts(RunReport report)
    {
        var observed = report.Results.Where(r => r.Observed is not null).ToList();
        var routes = observed.GroupBy(r => r.Subject).ToList();
        return
        [
            new("elapsed", "Observed elapsed time per route (longest case, seconds)",
                routes.Select(g => g.Key.ToString()).ToList(),
                [new("longest observed (s)", routes.Select(g => (double?)g.Max(r => r.Observed!.Elapsed.TotalSeconds)).ToList()),
                 new("expected at most (s)", routes.Select(g => g.Max(r => r.Expected?.ElapsedMax?.TotalSeconds)).ToList())]),
            new("tries", "Tries per case: observed and expected",
                observed.Select(r => $"{r.CaseId}\n{r.Subject}").ToList(),
                [new("observed tries", observed.Select(r => (double?)r.Observed!.Tries).ToList()),
                 new("expected tries", observed.Select(r => (double?)r.Expected?.Tries).ToList())]) { Horizontal = true },
        ];
    }

    /// <summary>A whole page: <paramref name="bodyHtml"/> (already encoded), then the charts, Chart.js and the filter script inlined.</summary>
    public static string Page(string title, string bodyHtml, IReadOnlyList<BarChart> charts)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(E(title)).AppendLine("</title>");
        html.AppendLine("""
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
            th { background: #f0f0f0; }
            tr.fail td.verdict { background: #f8d0d0; font-weight: bold; }
            tr.error td.verdict { background: #f8e0b0; font-weight: bold; }
            tr.gap td.verdict { background: #e0e0f8; }
            tr.pass td.verdict { background: #d0f0d0; }
            td.remedy { font-weight: bold; }
            blockquote { margin: 1em 0; padding: 0.3em 1em; border-left: 4px solid #e0a000; background: #fff8e0; }
            code { background: #f4f4f4; padding: 0 0.2em; }
            fieldset { margin: 1em 0; }
            fieldset label { margin-right: 1em; }
            .charts { display: flex; flex-wrap: wrap; gap: 2em; margin-top: 1.5em; }
            .chart { width: 600px; height: 340px; margin: 0; }
            </style>
            """);
        html.AppendLine("</head><body>");
        html.Append("<h1>").Append(E(title)).AppendLine("</h1>");
        html.Append(bodyHtml);
        html.AppendLine("<div class=\"charts\">");
        foreach (var chart in charts)
        {
            html.Append("<figure class=\"chart\"><canvas id=\"").Append(E(chart.Id)).Append("\" aria-label=\"").Append(E(chart.Title))
                .AppendLine("\"></canvas></figure>");
        }

        html.AppendLine("</div>");
        // JSON's default encoder writes <, > and & as \u003C…: the data cannot end the script element.
        html.Append("<script id=\"chart-data\" type=\"application/json\">")
            .Append(JsonSerializer.Serialize(charts.Select(c => new
            {
                id = c.Id,
                title = c.Title,
                indexAxis = c.Horizontal ? "y" : "x",
                labels = c.Labels,
                datasets = c.Series.Select(s => new { label = s.Label, data = s.Values }),
            })))
            .AppendLine("</script>");
        html.Append("<script>").Append(ChartJs.Value).AppendLine("</script>");
        html.AppendLine("""
            <script>
            for (const c of JSON.parse(document.getElementById('chart-data').textContent)) {
              new Chart(document.getElementById(c.id), { type: 'bar', data: { labels: c.labels.map(l => l.split('\n')), datasets: c.datasets },
                options: { indexAxis: c.indexAxis, animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: c.title } } } });
            }
            function filter() {
              const verdicts = new Set([...document.querySelectorAll('input[name=verdict]:checked')].map(i => i.value));
              const text = (document.getElementById('text') || { value: '' }).value.toLowerCase();
              let shown = 0, all = 0;
              for (const row of document.querySelectorAll('#verdicts tbody tr')) {
                const visible = verdicts.has(row.dataset.verdict) && row.textContent.toLowerCase().includes(text);
                row.hidden = !visible; all++; if (visible) shown++;
              }
              const label = document.getElementById('shown'); if (label) label.textContent = shown + ' of ' + all + ' shown';
            }
            document.querySelectorAll('#filters input').forEach(i => i.addEventListener('input', filter));
            filter();
            </script>
            """);
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>HTML-encodes text for an element or a quoted attribute.</summary>
    public static string E(string text) => WebUtility.HtmlEncode(text);

    private static readonly Lazy<string> ChartJs = new(() =>
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream("chart.umd.min.js")
            ?? throw new InvalidOperationException("Probes.dll lacks its embedded chart.umd.min.js (Reporting/assets)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
