using AmbientVerify.Probes.Resources;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>compare.md puts the plan's claim beside the computed figures and says when usage came from .NET stand-ins.</summary>
public sealed class ComparisonMarkdownTests
{
    private static string Render(ResourceComparison comparison) => ComparisonMarkdown.Render(comparison);

    [Fact]
    public void The_plans_claim_stands_beside_the_plans_way_and_the_net_figure_with_arithmetic()
    {
        var md = Render(ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient()));

        Assert.Contains("| the plan's claim (§9) | ~2.3GB |", md);
        Assert.Contains("| computed the plan's way | 2304 Mi |", md);
        Assert.Contains("| net saving by requests | 468 Mi | 18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi |", md);
        Assert.Contains("the net memory saving stays ≥ 0 up to 3 nodes, the net CPU saving up to 6 nodes", md);
    }

    [Fact]
    public void Bases_that_were_not_measured_say_so()
    {
        var md = Render(ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient()));

        Assert.Contains("| usage_avg | not measured: neither snapshot has usage of its dataplane |", md);
        Assert.Contains("Latency and throughput: not measured", md);
    }

    [Fact]
    public void Usage_from_the_local_mesh_is_stated_to_be_from_dotnet_stand_ins()
    {
        var before = Snapshots.WithUsage(Snapshots.Sidecar(), ComponentKinds.Sidecar, Snapshots.Usage(0.01, 40 * Snapshots.Mi));

        var md = Render(ResourceComparison.Compare(before, Snapshots.Ambient()));

        Assert.Contains(ComparisonMarkdown.StandInWarning, md);
    }

    [Fact]
    public void Without_local_usage_there_is_no_stand_in_statement()
    {
        Assert.DoesNotContain(ComparisonMarkdown.StandInWarning, Render(ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient())));
    }

    [Fact]
    public void The_assumptions_of_both_snapshots_are_listed()
    {
        var md = Render(ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient()));

        Assert.Contains("- sidecar: Assumed the sidecar install used the istio-init container", md);
        Assert.Contains("- ambient: One ztunnel per node on 3 nodes: istio/istio manifests/charts/ztunnel/values.yaml", md);
    }
}
