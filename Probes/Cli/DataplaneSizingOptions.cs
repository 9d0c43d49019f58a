using System.CommandLine;
using System.Globalization;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Resources;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// What a resource snapshot assumes of the cluster — nodes, the ztunnel and istio-cni requests per node, whether the
/// sidecar install already ran istio-cni — as options, spelled once for Probes' <c>snapshot</c> and LoadTests'
/// <c>--snapshot</c> (which the AppHost's <c>--compare</c> passes them to).
/// </summary>
public sealed class DataplaneSizingOptions
{
    public Option<string?> Nodes { get; } = new("--nodes") { Description = "Nodes (one ztunnel and one istio-cni each); default 3" };
    public Option<string?> ZtunnelCpu { get; } = new("--ztunnel-cpu") { Description = "ztunnel CPU request per node; default 200m (ztunnel chart)" };
    public Option<string?> ZtunnelMemory { get; } = new("--ztunnel-memory") { Description = "ztunnel memory request per node; default 512Mi (ztunnel chart)" };
    public Option<string?> CniCpu { get; } = new("--cni-cpu") { Description = "istio-cni CPU request per node; default 100m (istio-cni chart)" };
    public Option<string?> CniMemory { get; } = new("--cni-memory") { Description = "istio-cni memory request per node; default 100Mi (istio-cni chart)" };
    public Option<bool> BeforeRanCni { get; } = new("--before-ran-cni") { Description = "The sidecar install already ran istio-cni (default: assumed istio-init)" };

    public IEnumerable<Option> All => [Nodes, ZtunnelCpu, ZtunnelMemory, CniCpu, CniMemory, BeforeRanCni];

    /// <summary>Whether any of them was given (LoadTests refuses them without <c>--snapshot</c>).</summary>
    public bool AnyGiven(ParseResult parsed) => All.Any(option => parsed.GetResult(option) is { Implicit: false });

    /// <summary>The sizing the options describe, Istio's chart values for what they leave out; each bad value adds an error.</summary>
    public DataplaneSizing Bind(ParseResult parsed, List<string> errors)
    {
        var sizing = new DataplaneSizing { BeforeStateRanCni = parsed.GetValue(BeforeRanCni) };
        if (parsed.GetValue(Nodes) is { } nodesText)
        {
            if (int.TryParse(nodesText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                sizing = sizing with { Nodes = n };
            }
            else
            {
                errors.Add($"--nodes '{nodesText}' is not a whole number of at least 1");
            }
        }

        var ztunnel = Amounts(parsed, ZtunnelCpu, ZtunnelMemory, sizing.ZtunnelRequests, errors);
        var cni = Amounts(parsed, CniCpu, CniMemory, sizing.CniRequests, errors);
        return sizing with
        {
            ZtunnelRequests = ztunnel,
            CniRequests = cni,
            ZtunnelSource = ztunnel == sizing.ZtunnelRequests ? sizing.ZtunnelSource : $"--ztunnel-cpu/--ztunnel-memory ({ResourceText.Cpu(ztunnel.CpuCores)} / {ResourceText.Memory(ztunnel.MemoryBytes)}), no limits",
            CniSource = cni == sizing.CniRequests ? sizing.CniSource : $"--cni-cpu/--cni-memory ({ResourceText.Cpu(cni.CpuCores)} / {ResourceText.Memory(cni.MemoryBytes)}), no limits",
        };
    }

    private static ResourceAmounts Amounts(ParseResult parsed, Option<string?> cpu, Option<string?> memory, ResourceAmounts defaults, List<string> errors)
    {
        var cores = defaults.CpuCores;
        var bytes = defaults.MemoryBytes;
        if (parsed.GetValue(cpu) is { } cpuText)
        {
            if (Quantities.TryParseCpu(cpuText, out var c))
            {
                cores = c;
            }
            else
            {
                errors.Add(Quantities.NotAQuantity(cpuText, cpu.Name, Quantities.ExpectedCpu));
            }
        }

        if (parsed.GetValue(memory) is { } memoryText)
        {
            if (Quantities.TryParseMemory(memoryText, out var m))
            {
                bytes = m;
            }
            else
            {
                errors.Add(Quantities.NotAQuantity(memoryText, memory.Name, Quantities.ExpectedMemory));
            }
        }

        return new ResourceAmounts(cores, bytes);
    }
}
