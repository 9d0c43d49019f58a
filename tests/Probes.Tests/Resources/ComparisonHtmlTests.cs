using System.Net;
using System.Text.RegularExpressions;
using AmbientVerify.Probes.Resources;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>
/// compare.html shows compare.md's headings and tables as HTML headings and tables (not preformatted text), with the
/// same figures, and a hostile name read from a manifest stays text.
/// </summary>
public sealed partial class ComparisonHtmlTests
{
    private static string Comparison(ResourceSnapshot before, ResourceSnapshot after)
    {
        var html = ComparisonHtml.Render(ResourceComparison.Compare(before, after));
        // The comparison's own part of the page: the page around it has the Chart.js scripts.
        var start = html.IndexOf("<div id=\"comparison\">", StringComparison.Ordinal);
        var end = html.IndexOf("<div class=\"charts\">", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "no comparison section before the charts");
        return html[start..end];
    }

    [Fact]
    public void The_net_saving_and_the_plans_claim_are_cells_of_a_table_row()
    {
        var rows = Rows(Comparison(Snapshots.Sidecar(), Snapshots.Ambient()));

        Assert.Contains(["figure", "memory", "how"], rows);
        Assert.Contains(rows, r => r.Length == 3 && r[0] == "the plan's claim (§9)" && r[1] == "~2.3GB");
        Assert.Contains(rows, r => r.Length == 3 && r[0] == "computed the plan's way" && r[1] == "2304 Mi");
        Assert.Contains(["net saving by requests", "468 Mi", "18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi"], rows);
        Assert.Contains(rows, r => r.Length == 9 && r[0] == "usage_avg" && r[1] == "not measured: neither snapshot has usage of its dataplane");
    }

    [Fact]
    public void Every_section_of_compare_md_is_a_heading_and_nothing_is_preformatted()
    {
        var section = Comparison(Snapshots.Sidecar(), Snapshots.Ambient());

        var headings = HeadingPattern().Matches(section).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        Assert.Equal(("1", "Dataplane resources: sidecar → ambient"), headings[0]);
        Assert.Contains(("2", "The plan's claim beside the computed figures"), headings);
        Assert.Contains(("2", "Savings by basis"), headings);
        Assert.Contains(("2", "Components"), headings);
        Assert.Contains(("2", "Assumptions"), headings);
        Assert.DoesNotContain("<pre", section);
        Assert.DoesNotContain("| --- |", section);
        Assert.DoesNotContain("|---|", section);
    }

    [Fact]
    public void Usage_from_local_stand_ins_is_a_bold_quote()
    {
        var before = Snapshots.WithUsage(Snapshots.Sidecar(), ComponentKinds.Sidecar, Snapshots.Usage(0.01, 40 * Snapshots.Mi));

        var section = Comparison(before, Snapshots.Ambient());

        Assert.Contains("<blockquote>\n<p><strong>" + ComparisonMarkdown.StandInWarning + "</strong></p>", section);
    }

    [Fact]
    public void A_hostile_component_name_is_escaped_text_in_its_cell_never_markup_or_a_link()
    {
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>[click](javascript:alert(3))<https://evil.example>";
        var before = Snapshots.Sidecar();
        before = before with { Components = [before.Components[0] with { Name = hostile }, .. before.Components.Skip(1)] };

        var section = Comparison(before, Snapshots.Ambient());

        Assert.DoesNotContain("<script", section);
        Assert.DoesNotContain("<img", section);
        Assert.DoesNotContain("<a ", section);
        Assert.DoesNotContain("href", section);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;[click](javascript:alert(3))&lt;https://evil.example&gt;", section);
        Assert.Contains(Rows(section), r => r.Contains(hostile));
    }

    [Fact]
    public void A_pipe_or_a_line_break_in_a_note_stays_in_its_own_cell_and_the_row_keeps_its_nine_columns()
    {
        const string note = "limit | unbounded\nsee the chart";
        var before = Snapshots.Sidecar();
        before = before with { Components = [before.Components[0] with { Note = note }, .. before.Components.Skip(1)] };

        var rows = Rows(Comparison(before, Snapshots.Ambient()));

        var row = Assert.Single(rows, r => r.Length > 0 && r[^1].Contains("unbounded", StringComparison.Ordinal));
        Assert.Equal(9, row.Length);
        Assert.Equal(before.Components[0].Name, row[2]);
        Assert.Equal("limit | unbounded see the chart", row[8]);
    }

    /// <summary>Each &lt;tr&gt;'s cells (th or td) as decoded text.</summary>
    private static List<string[]> Rows(string html) =>
        [.. RowPattern().Matches(html).Select(row => CellPattern().Matches(row.Groups[1].Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value).Trim()).ToArray())];

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<h([1-6])[^>]*>(.*?)</h\\1>", RegexOptions.Singleline)]
    private static partial Regex HeadingPattern();
}
