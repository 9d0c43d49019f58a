using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Audit;

namespace AmbientVerify.Probes.Resources;

/// <summary>The bases a saving is computed on, spelled once (also the <c>basis</c> metric label).</summary>
public static class SavingsBases
{
    public const string Requests = "requests";
    public const string Limits = "limits";
    public const string UsageAvg = "usage_avg";
    public const string UsagePeak = "usage_peak";

    public static readonly IReadOnlyList<string> All = [Requests, Limits, UsageAvg, UsagePeak];
}

/// <summary>Net saving at one node count (the pods stay; ztunnel and istio-cni scale with nodes).</summary>
public sealed record NodeCountSaving(int Nodes, ResourceAmounts Net);

/// <summary>
/// Savings on one basis. Null amounts mean "cannot be said" (a limit that is not set is unbounded), never zero;
/// <see cref="NotMeasured"/> says why a whole basis is missing (e.g. usage not sampled).
/// </summary>
/// <param name="Gross">What the removed sidecars took (before's sidecars minus after's).</param>
/// <param name="Added">What ambient adds: ztunnel and istio-cni of after minus those already in before.</param>
/// <param name="Net">Gross minus added.</param>
/// <param name="BreakEvenNodesMemory">The largest node count at which the net memory saving is still ≥ 0; null when nothing is added per node.</param>
public sealed record BasisSavings(
    string Basis,
    string? NotMeasured,
    ResourceAmounts Gross,
    ResourceAmounts Added,
    ResourceAmounts Net,
    ResourceAmounts GrossPerSidecarPod,
    ResourceAmounts AddedPerNode,
    string? MemoryArithmetic,
    string? CpuArithmetic,
    int? BreakEvenNodesMemory,
    int? BreakEvenNodesCpu,
    IReadOnlyList<NodeCountSaving> ByNodeCount,
    IReadOnlyList<string> Notes)
{
    public bool Measured => NotMeasured is null;
}

/// <summary>
/// The migration plan's claim (§9 "예상 효과"): "+128MB" per pod × "6서비스 × 3 replica" = "2.3GB" saved. Read as the
/// plan's own product: 18 × 128 Mi (its 128MB is Istio's 128Mi default) = 2304 Mi = 2,415,919,104 bytes (≈2.4 GB
/// decimal, 2.25 GiB; the plan's 2.3 is 2304 "MB" / 1000). It counts sidecar requests only.
/// </summary>
/// <param name="PlanWayBytes">The plan's method on the before snapshot: its sidecars' memory requests, nothing subtracted.</param>
/// <param name="NetBytes">The honest figure: net memory saving by requests (ztunnel and istio-cni subtracted).</param>
public sealed record PlanClaim(string StatedText, long StatedBytes, string StatedArithmetic, long PlanWayBytes, string PlanWayArithmetic, long? NetBytes, string? NetArithmetic)
{
    public const string Text = "~2.3GB";
    public const int Pods = 18;
    public const long PerPodBytes = 128 * ResourceText.Mi;
    public const long Bytes = Pods * PerPodBytes;
}

/// <summary>A latency/throughput difference of one scenario: after − before and after / before.</summary>
public sealed record LoadDifference(string Scenario, LoadFigures Before, LoadFigures After, LatencyFigures Delta, LatencyFigures? Ratio, double RpsDelta, double? RpsRatio);

/// <summary>Totals of one kind of component in one snapshot on one basis (what the metrics and the tables show).</summary>
public sealed record KindTotal(MeshMode Mode, string Kind, string Basis, int Components, ResourceAmounts Total, string? NotMeasured);

/// <summary>Sidecar (before) against ambient (after): what is saved, what is added, what is left.</summary>
public sealed record ResourceComparison(
    ResourceSnapshot Before,
    ResourceSnapshot After,
    int RemovedSidecars,
    IReadOnlyList<BasisSavings> Savings,
    PlanClaim Plan,
    IReadOnlyList<KindTotal> Totals,
    IReadOnlyList<LoadDifference> Load,
    string? LoadNotMeasured,
    IReadOnlyList<string> Notes)
{
    public const string DocumentKind = "ambientverify-resource-comparison";
    public const int CurrentSchemaVersion = 1;

    // First in the file, so a reader (and the version check) sees what the document is before anything else.
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)]
    public string Kind { get; init; } = DocumentKind;

    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public BasisSavings On(string basis) => Savings.Single(s => s.Basis == basis);

    /// <summary>True when any usage figure of either snapshot comes from the local mesh's stand-ins.</summary>
    public bool UsageFromLocalStandIns =>
        new[] { Before, After }.Any(s => s.Components.Any(c => c.Usage?.Source.StartsWith("local process", StringComparison.Ordinal) == true));

    /// <exception cref="ArgumentException">Before is not a sidecar snapshot or after not an ambient one.</exception>
    public static ResourceComparison Compare(ResourceSnapshot before, ResourceSnapshot after)
    {
        if (before.Mode != MeshMode.Sidecar || after.Mode != MeshMode.Ambient)
        {
            throw new ArgumentException($"expected BEFORE to be a sidecar snapshot and AFTER an ambient one (got {before.Mode.ToString().ToLowerInvariant()} then {after.Mode.ToString().ToLowerInvariant()})");
        }

        var notes = new List<string>();
        if (before.NodeCount != after.NodeCount)
        {
            notes.Add($"The snapshots assume different node counts (before {before.NodeCount}, after {after.NodeCount}); per-node figures use after's.");
        }

        var removed = before.OfKind(ComponentKinds.Sidecar).Count() - after.OfKind(ComponentKinds.Sidecar).Count();
        var savings = SavingsBases.All.Select(basis => SavingsOn(before, after, basis, removed)).ToList();
        var totals = new[] { before, after }
            .SelectMany(s => ComponentKinds.All.SelectMany(kind => SavingsBases.All.Select(basis => KindTotalOf(s, kind, basis))))
            .Where(t => t.Components > 0)
            .ToList();
        var (load, loadNotMeasured) = LoadDifferences(before, after);
        return new ResourceComparison(before, after, removed, savings, PlanOf(before, savings[0]), totals, load, loadNotMeasured, notes);
    }

    private static PlanClaim PlanOf(ResourceSnapshot before, BasisSavings requests)
    {
        var sidecars = before.OfKind(ComponentKinds.Sidecar).ToList();
        var planWay = sidecars.Sum(c => c.Requests.MemoryBytes ?? 0);
        return new PlanClaim(
            PlanClaim.Text,
            PlanClaim.Bytes,
            $"{PlanClaim.Pods} × {ResourceText.Memory(PlanClaim.PerPodBytes)} = {ResourceText.Memory(PlanClaim.Bytes)} (the plan: 6 services × 3 replicas × +128MB)",
            planWay,
            $"{Product<long>(sidecars.Select(c => (long?)(c.Requests.MemoryBytes ?? 0)).ToList(), ResourceText.Memory)} = {ResourceText.Memory(planWay)} (sidecar pods × sidecar memory request, nothing subtracted)",
            requests.Net.MemoryBytes,
            requests.MemoryArithmetic);
    }

    private static BasisSavings SavingsOn(ResourceSnapshot before, ResourceSnapshot after, string basis, int removed)
    {
        var notes = new List<string>();
        var usage = basis is SavingsBases.UsageAvg or SavingsBases.UsagePeak;
        if (usage && UsageMissing(before, after) is { } missing)
        {
            var none = new ResourceAmounts(null, null);
            return new BasisSavings(basis, missing, none, none, none, none, none, null, null, null, null, [], []);
        }

        var beforeSidecars = Dataplane(before, basis, [ComponentKinds.Sidecar], notes);
        var afterSidecars = Dataplane(after, basis, [ComponentKinds.Sidecar], notes);
        var beforeNode = Dataplane(before, basis, [ComponentKinds.Ztunnel, ComponentKinds.IstioCni], notes);
        var afterNode = Dataplane(after, basis, [ComponentKinds.Ztunnel, ComponentKinds.IstioCni], notes);

        var gross = Minus(beforeSidecars, afterSidecars);
        var added = Minus(afterNode, beforeNode);
        var net = Minus(gross, added);
        var nodes = Math.Max(1, after.NodeCount);
        var addedPerNode = new ResourceAmounts(added.CpuCores / nodes, added.MemoryBytes / nodes);
        var perPod = removed > 0 ? new ResourceAmounts(gross.CpuCores / removed, gross.MemoryBytes / removed) : new ResourceAmounts(null, null);

        var counts = new[] { 1, 2, 3, 5, 10, after.NodeCount }.Distinct().Order()
            .Select(n => new NodeCountSaving(n, new ResourceAmounts(gross.CpuCores - (n * addedPerNode.CpuCores), gross.MemoryBytes - (n * addedPerNode.MemoryBytes))))
            .ToList();
        if (usage)
        {
            notes.Add("Usage covers only the components that were sampled: "
                      + $"before {SampledCount(before)}; after {SampledCount(after)}.");
        }

        return new BasisSavings(basis, null, gross, added, net, perPod, addedPerNode,
            Arithmetic(before, after, basis, gross.MemoryBytes, net.MemoryBytes, ResourceText.Memory, a => a.MemoryBytes, c => Value(c, basis).MemoryBytes),
            Arithmetic(before, after, basis, gross.CpuCores, net.CpuCores, ResourceText.Cpu, a => a.CpuCores, c => Value(c, basis).CpuCores),
            BreakEven(gross.MemoryBytes, addedPerNode.MemoryBytes),
            BreakEven(gross.CpuCores, addedPerNode.CpuCores),
            counts,
            notes);
    }

    private static string SampledCount(ResourceSnapshot snapshot) => string.Join(", ", ComponentKinds.Dataplane
        .Select(kind => (kind, all: snapshot.OfKind(kind).Count(), sampled: snapshot.OfKind(kind).Count(c => c.Usage is not null)))
        .Where(k => k.all > 0)
        .Select(k => $"{k.sampled} of {k.all} {k.kind}"));

    private static string? UsageMissing(ResourceSnapshot before, ResourceSnapshot after)
    {
        var missing = new[] { before, after }
            .Where(s => !s.Components.Any(c => ComponentKinds.Dataplane.Contains(c.Kind) && c.Usage is not null))
            .Select(s => s.Mode.ToString().ToLowerInvariant())
            .ToList();
        if (missing.Count > 0)
        {
            return missing.Count == 2
                ? "not measured: neither snapshot has usage of its dataplane"
                : $"not measured: the {missing[0]} snapshot has no usage of its dataplane";
        }

        var incomplete = new[] { before, after }
            .SelectMany(s => s.Components.Where(c => ComponentKinds.Dataplane.Contains(c.Kind) && c.Usage?.Incomplete is not null)
                .Select(c => $"{s.Mode.ToString().ToLowerInvariant()} {c.Kind} {c.Name}: {c.Usage!.Incomplete}"))
            .ToList();
        return incomplete.Count > 0 ? $"not measured: incomplete usage ({string.Join("; ", incomplete)})" : null;
    }

    /// <summary>A component's amounts on a basis: requests, limits, or its usage (null when none).</summary>
    public static ResourceAmounts Value(ResourceComponent component, string basis) => basis switch
    {
        SavingsBases.Requests => component.Requests,
        SavingsBases.Limits => component.Limits,
        SavingsBases.UsageAvg => component.Usage is { } u ? new ResourceAmounts(u.CpuAvgCores, u.MemoryAvgBytes) : ResourceAmounts.Unset,
        SavingsBases.UsagePeak => component.Usage is { } u ? new ResourceAmounts(u.CpuPeakCores, u.MemoryPeakBytes) : ResourceAmounts.Unset,
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "unknown basis"),
    };

    // Requests: an unset request is 0 to the scheduler. Limits: an unset limit is unbounded, so the total is unknown.
    // Usage: only sampled components are summed (the note says how many).
    private static ResourceAmounts Dataplane(ResourceSnapshot snapshot, string basis, IReadOnlyList<string> kinds, List<string> notes)
    {
        var components = snapshot.Components.Where(c => kinds.Contains(c.Kind)).ToList();
        if (basis is SavingsBases.UsageAvg or SavingsBases.UsagePeak)
        {
            components = [.. components.Where(c => c.Usage is not null)];
        }

        if (basis == SavingsBases.Limits)
        {
            var cpuUnset = components.Where(c => c.Limits.CpuCores is null).Select(c => c.Kind).Distinct().ToList();
            var memoryUnset = components.Where(c => c.Limits.MemoryBytes is null).Select(c => c.Kind).Distinct().ToList();
            if (cpuUnset.Count + memoryUnset.Count > 0)
            {
                notes.Add($"{snapshot.Mode.ToString().ToLowerInvariant()}: {string.Join(", ", cpuUnset.Union(memoryUnset))} set no limit (unbounded), so a saving by limits cannot be stated.");
            }

            return new ResourceAmounts(
                cpuUnset.Count > 0 ? null : components.Sum(c => c.Limits.CpuCores!.Value),
                memoryUnset.Count > 0 ? null : components.Sum(c => c.Limits.MemoryBytes!.Value));
        }

        return new ResourceAmounts(components.Sum(c => Value(c, basis).CpuCores ?? 0), components.Sum(c => Value(c, basis).MemoryBytes ?? 0));
    }

    private static KindTotal KindTotalOf(ResourceSnapshot snapshot, string kind, string basis)
    {
        var components = snapshot.OfKind(kind).ToList();
        var usage = basis is SavingsBases.UsageAvg or SavingsBases.UsagePeak;
        if (usage && components.All(c => c.Usage is null))
        {
            return new KindTotal(snapshot.Mode, kind, basis, components.Count, ResourceAmounts.Unset, "not measured");
        }

        var values = components.Where(c => !usage || c.Usage is not null).Select(c => Value(c, basis)).ToList();
        return new KindTotal(snapshot.Mode, kind, basis, components.Count, new ResourceAmounts(
            values.Any(v => v.CpuCores is not null) ? values.Sum(v => v.CpuCores ?? 0) : null,
            values.Any(v => v.MemoryBytes is not null) ? values.Sum(v => v.MemoryBytes ?? 0) : null), null);
    }

    private static ResourceAmounts Minus(ResourceAmounts a, ResourceAmounts b) =>
        new(a.CpuCores - b.CpuCores, a.MemoryBytes - b.MemoryBytes);

    // The largest n ≥ 0 with gross − n × perNode ≥ 0 (a tolerance keeps 1.8 / 0.3 from reading as 5.999…).
    private static int? BreakEven(double? gross, double? perNode) =>
        gross is null || perNode is null || perNode <= 0 ? null : gross < 0 ? 0 : (int)Math.Floor((gross.Value / perNode.Value) + 1e-9);

    private static int? BreakEven(long? gross, long? perNode) =>
        gross is null || perNode is null || perNode <= 0 ? null : gross < 0 ? 0 : (int)(gross.Value / perNode.Value);

    /// <summary>"18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi"; falls back to totals where the parts are not uniform.</summary>
    private static string? Arithmetic<T>(ResourceSnapshot before, ResourceSnapshot after, string basis, T? gross, T? net,
        Func<T?, string> format, Func<ResourceAmounts, T?> pick, Func<ResourceComponent, T?> value)
        where T : struct
    {
        if (gross is null || net is null)
        {
            return null;
        }

        // On a usage basis only the sampled components count (as in the totals); on requests only those that request
        // something (a sampled local process that stands for no manifest component has none).
        bool Counted(ResourceComponent c) => basis switch
        {
            SavingsBases.Requests => c.Requests != ResourceAmounts.Unset,
            SavingsBases.Limits => true,
            _ => c.Usage is not null,
        };
        var afterSidecars = after.OfKind(ComponentKinds.Sidecar).Where(Counted).ToList();
        var grossText = afterSidecars.Count == 0
            ? Product(before.OfKind(ComponentKinds.Sidecar).Where(Counted).Select(value).ToList(), format)
            : format(gross);

        var perNode = new List<string>();
        foreach (var kind in new[] { ComponentKinds.Ztunnel, ComponentKinds.IstioCni })
        {
            var afterValues = after.OfKind(kind).Where(Counted).Select(value).ToList();
            var beforeValues = before.OfKind(kind).Where(Counted).Select(value).ToList();
            if (afterValues.SequenceEqual(beforeValues))
            {
                continue; // already there before: not an added cost
            }

            if (beforeValues.Count > 0 || afterValues.Distinct().Count() != 1 || afterValues.Count != after.NodeCount)
            {
                return $"{grossText} − {format(pick(AddedOf(before, after, basis)))} added = {format(net)}";
            }

            perNode.Add(format(afterValues[0]));
        }

        var addedText = perNode.Count switch
        {
            0 => "0",
            1 => $"{after.NodeCount} × {perNode[0]}",
            _ => $"{after.NodeCount} × ({string.Join(" + ", perNode)})",
        };
        return $"{grossText} − {addedText} = {format(net)}";
    }

    private static ResourceAmounts AddedOf(ResourceSnapshot before, ResourceSnapshot after, string basis)
    {
        var ignored = new List<string>();
        return Minus(Dataplane(after, basis, [ComponentKinds.Ztunnel, ComponentKinds.IstioCni], ignored),
            Dataplane(before, basis, [ComponentKinds.Ztunnel, ComponentKinds.IstioCni], ignored));
    }

    private static string Product<T>(IReadOnlyList<T?> values, Func<T?, string> format) where T : struct =>
        values.Count == 0 ? "0"
        : values.Distinct().Count() == 1 ? $"{values.Count} × {format(values[0])}"
        : $"({string.Join(" + ", values.GroupBy(v => v).Select(g => g.Count() == 1 ? format(g.Key) : $"{g.Count()} × {format(g.Key)}"))})";

    private static (IReadOnlyList<LoadDifference>, string?) LoadDifferences(ResourceSnapshot before, ResourceSnapshot after)
    {
        if (before.Load.Count == 0 || after.Load.Count == 0)
        {
            return ([], $"not measured: {(before.Load.Count == 0 ? "the sidecar snapshot" : "the ambient snapshot")} has no load figures");
        }

        var differences = before.Load
            .Join(after.Load, b => b.Scenario, a => a.Scenario, (b, a) => new LoadDifference(
                b.Scenario, b, a,
                Combine(a.Latency, b.Latency, (x, y) => x - y),
                b.Latency is { P50: > 0, P75: > 0, P95: > 0, P99: > 0, P999: > 0, Max: > 0, Mean: > 0 } ? Combine(a.Latency, b.Latency, (x, y) => x / y) : null,
                a.Rps - b.Rps,
                b.Rps > 0 ? a.Rps / b.Rps : null))
            .ToList();
        return (differences, differences.Count == 0 ? "not measured: no scenario is in both snapshots" : null);
    }

    private static LatencyFigures Combine(LatencyFigures a, LatencyFigures b, Func<double, double, double> f) =>
        new(f(a.P50, b.P50), f(a.P75, b.P75), f(a.P95, b.P95), f(a.P99, b.P99), f(a.P999, b.P999), f(a.Max, b.Max), f(a.Mean, b.Mean));
}
