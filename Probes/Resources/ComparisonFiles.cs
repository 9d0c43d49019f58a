using System.Text;
using System.Text.Json;
using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// <c>compare.json</c> (<c>"kind": "ambientverify-resource-comparison"</c>, <c>"schemaVersion": 1</c>: the comparison
/// with both snapshots in it), <c>compare.md</c> and <c>compare.html</c> (for people).
/// </summary>
public static class ComparisonFiles
{
    public const string JsonFile = "compare.json";
    public const string MarkdownFile = "compare.md";

    public static string ToJson(ResourceComparison comparison) => JsonSerializer.Serialize(comparison, ResourceSnapshotFile.Options);

    /// <summary>Writes both files, and compare.html beside them (<see cref="ComparisonHtml"/>), into <paramref name="directory"/> (created if needed); returns the first two's paths.</summary>
    public static (string Json, string Markdown) Write(ResourceComparison comparison, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, JsonFile);
        var markdown = Path.Combine(directory, MarkdownFile);
        File.WriteAllText(json, ToJson(comparison));
        File.WriteAllText(markdown, ComparisonMarkdown.Render(comparison));
        File.WriteAllText(Path.Combine(directory, ComparisonHtml.FileName), ComparisonHtml.Render(comparison));
        return (json, markdown);
    }

    /// <exception cref="ResourceFileException">Not a comparison file, or a newer schema version.</exception>
    public static ResourceComparison Parse(string json, string source)
    {
        ResourceSnapshotFile.CheckHeader(json, source, ResourceComparison.DocumentKind, ResourceComparison.CurrentSchemaVersion);
        try
        {
            return JsonSerializer.Deserialize<ResourceComparison>(json, ResourceSnapshotFile.Options)
                   ?? throw new ResourceFileException($"{source}: the file holds null, not a comparison");
        }
        catch (JsonException e)
        {
            throw new ResourceFileException($"{source}: not a valid {ResourceComparison.DocumentKind} v{ResourceComparison.CurrentSchemaVersion}: {e.Message}", e);
        }
    }
}

/// <summary>compare.md: modes, components, totals, savings per basis, the plan's claim beside the computed figures, break-even, load, assumptions.</summary>
public static class ComparisonMarkdown
{
    public const string StandInWarning =
        "Usage figures come from the local mesh: .NET stand-ins for Envoy, ztunnel and the workloads, not Envoy or ztunnel. They show how the harness measures, not what the real proxies cost.";

    public static string Render(ResourceComparison c)
    {
        var md = new StringBuilder();
        var requests = c.On(SavingsBases.Requests);
        md.AppendLine("# Dataplane resources: sidecar → ambient").AppendLine();
        if (c.UsageFromLocalStandIns)
        {
            md.AppendLine($"> **{StandInWarning}**").AppendLine();
        }

        md.AppendLine("| | before | after |").AppendLine("|---|---|---|");
        md.AppendLine($"| mode | {Mode(c.Before)} | {Mode(c.After)} |");
        md.AppendLine($"| taken at (UTC) | {c.Before.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} | {c.After.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} |");
        md.AppendLine($"| source | {MarkdownCell.Of(c.Before.Source)} | {MarkdownCell.Of(c.After.Source)} |");
        md.AppendLine($"| manifests | `{c.Before.Manifests}` | `{c.After.Manifests}` |");
        md.AppendLine($"| nodes | {c.Before.NodeCount} | {c.After.NodeCount} |").AppendLine();

        md.AppendLine("## The plan's claim beside the computed figures").AppendLine();
        md.AppendLine("| figure | memory | how |").AppendLine("|---|---|---|");
        md.AppendLine($"| the plan's claim (§9) | {c.Plan.StatedText} | {c.Plan.StatedArithmetic} |");
        md.AppendLine($"| computed the plan's way | {ResourceText.Memory(c.Plan.PlanWayBytes)} | {c.Plan.PlanWayArithmetic} |");
        md.AppendLine($"| net saving by requests | {ResourceText.Memory(c.Plan.NetBytes)} | {c.Plan.NetArithmetic ?? "—"} |").AppendLine();
        md.AppendLine($"Net memory saving by requests: {c.Plan.NetArithmetic}. CPU: {requests.CpuArithmetic}.").AppendLine();
        md.AppendLine(BreakEvenSentence(requests, c.After.NodeCount)).AppendLine();

        md.AppendLine("## Savings by basis").AppendLine();
        md.AppendLine("| basis | gross memory | added memory | net memory | gross CPU | added CPU | net CPU | per sidecar pod (memory / CPU) | added per node (memory / CPU) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var s in c.Savings)
        {
            if (!s.Measured)
            {
                md.AppendLine($"| {s.Basis} | {MarkdownCell.Of(s.NotMeasured)} | | | | | | | |");
                continue;
            }

            md.AppendLine($"| {s.Basis} | {M(s.Gross)} | {M(s.Added)} | {M(s.Net)} | {C(s.Gross)} | {C(s.Added)} | {C(s.Net)} | {M(s.GrossPerSidecarPod)} / {C(s.GrossPerSidecarPod)} | {M(s.AddedPerNode)} / {C(s.AddedPerNode)} |");
        }

        md.AppendLine();
        foreach (var note in c.Savings.SelectMany(s => s.Notes.Select(n => $"{s.Basis}: {n}")).Distinct())
        {
            md.AppendLine($"- {note}");
        }

        md.AppendLine().AppendLine("## Net saving by requests as a function of the node count").AppendLine();
        md.AppendLine("| nodes | net memory | net CPU |").AppendLine("|---|---|---|");
        foreach (var row in requests.ByNodeCount)
        {
            md.AppendLine($"| {row.Nodes} | {M(row.Net)} | {C(row.Net)} |");
        }

        md.AppendLine().AppendLine("## Totals per kind of component").AppendLine();
        md.AppendLine("| mode | component | count | requests (memory / CPU) | limits (memory / CPU) | usage avg (memory / CPU) | usage peak (memory / CPU) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var group in c.Totals.GroupBy(t => (t.Mode, t.Kind)))
        {
            string Cell(string basis) => group.Single(t => t.Basis == basis) is { NotMeasured: { } n } ? n : $"{M(group.Single(t => t.Basis == basis).Total)} / {C(group.Single(t => t.Basis == basis).Total)}";
            md.AppendLine($"| {group.Key.Mode.ToString().ToLowerInvariant()} | {group.Key.Kind} | {group.First().Components} | {Cell(SavingsBases.Requests)} | {Cell(SavingsBases.Limits)} | {Cell(SavingsBases.UsageAvg)} | {Cell(SavingsBases.UsagePeak)} |");
        }

        md.AppendLine().AppendLine("## Load").AppendLine();
        if (c.LoadNotMeasured is { } notMeasured)
        {
            md.AppendLine($"Latency and throughput: {notMeasured}.");
        }
        else
        {
            md.AppendLine("| scenario | rps before → after | p50 | p95 | p99 | p99.9 | max | mean |").AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var l in c.Load)
            {
                md.AppendLine($"| {MarkdownCell.Of(l.Scenario)} | {ResourceText.Number(l.Before.Rps)} → {ResourceText.Number(l.After.Rps)} | {D(l, x => x.P50)} | {D(l, x => x.P95)} | {D(l, x => x.P99)} | {D(l, x => x.P999)} | {D(l, x => x.Max)} | {D(l, x => x.Mean)} |");
            }

            md.AppendLine().AppendLine("Each latency cell: before → after (after − before, × after / before).");
        }

        md.AppendLine().AppendLine("## Components").AppendLine();
        md.AppendLine("| mode | kind | name | namespace | requests (memory / CPU) | limits (memory / CPU) | usage avg / peak memory | usage avg / peak CPU | note |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var snapshot in new[] { c.Before, c.After })
        {
            foreach (var x in snapshot.Components.OrderBy(x => ComponentKinds.All.ToList().IndexOf(x.Kind)))
            {
                var usageMemory = x.Usage is { } u ? $"{ResourceText.Memory(u.MemoryAvgBytes)} / {ResourceText.Memory(u.MemoryPeakBytes)}{(u.Incomplete is null ? "" : " (incomplete)")}" : "not measured";
                var usageCpu = x.Usage is { } v ? $"{ResourceText.Cpu(v.CpuAvgCores)} / {ResourceText.Cpu(v.CpuPeakCores)}" : "not measured";
                md.AppendLine($"| {Mode(snapshot)} | {x.Kind} | {MarkdownCell.Of(x.Name)} | {MarkdownCell.Of(x.Namespace)} | {M(x.Requests)} / {C(x.Requests)} | {M(x.Limits)} / {C(x.Limits)} | {usageMemory} | {usageCpu} | {MarkdownCell.Of(x.Note)} |");
            }
        }

        md.AppendLine().AppendLine("## Assumptions").AppendLine();
        foreach (var (snapshot, assumption) in new[] { c.Before, c.After }.SelectMany(s => s.Assumptions.Select(a => (s, a))))
        {
            md.AppendLine($"- {Mode(snapshot)}: {assumption}");
        }

        foreach (var note in c.Notes)
        {
            md.AppendLine($"- {note}");
        }

        md.AppendLine("- A limit that is not set is unbounded: a saving by limits is stated only when every component involved sets one.");
        md.AppendLine("- The plan's 2.3GB is read as its own product 18 × 128 Mi = 2304 Mi; it counts sidecar requests only and subtracts neither ztunnel nor istio-cni.");
        return md.ToString();
    }

    /// <summary>"Break-even: the net memory saving by requests stays ≥ 0 up to 3 nodes (CPU: up to 6 nodes)."</summary>
    public static string BreakEvenSentence(BasisSavings requests, int nodes) =>
        $"Break-even (requests): the net memory saving stays ≥ 0 up to {Nodes(requests.BreakEvenNodesMemory)}, the net CPU saving up to {Nodes(requests.BreakEvenNodesCpu)} (these snapshots assume {nodes}).";

    private static string Nodes(int? n) => n switch { null => "any number of nodes (nothing is added per node)", 1 => "1 node", var x => $"{x} nodes" };

    private static string Mode(ResourceSnapshot s) => s.Mode.ToString().ToLowerInvariant();

    private static string M(Manifests.Model.ResourceAmounts a) => ResourceText.Memory(a.MemoryBytes);

    private static string C(Manifests.Model.ResourceAmounts a) => ResourceText.Cpu(a.CpuCores);

    private static string D(LoadDifference l, Func<LatencyFigures, double> pick) =>
        $"{ResourceText.Seconds(pick(l.Before.Latency))} → {ResourceText.Seconds(pick(l.After.Latency))} ({(pick(l.Delta) >= 0 ? "+" : "")}{ResourceText.Seconds(pick(l.Delta))}{(l.Ratio is { } r ? $", × {ResourceText.Number(pick(r))}" : "")})";
}
