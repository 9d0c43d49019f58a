using AmbientVerify.Probes.Resources;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>
/// The savings arithmetic on the samples: gross 18 × 128 Mi = 2304 Mi, added 3 × (512 Mi + 100 Mi), net 468 Mi; the
/// plan's way; break-even; bases that were not measured stay "not measured", never zero.
/// </summary>
public sealed class ResourceComparisonTests
{
    private const long Mi = Snapshots.Mi;

    private static ResourceComparison Compare(int nodes = 3, bool beforeRanCni = false) =>
        ResourceComparison.Compare(Snapshots.Sidecar(nodes, beforeRanCni), Snapshots.Ambient(nodes));

    [Fact]
    public void Gross_memory_by_requests_is_18_sidecars_of_128Mi()
    {
        var requests = Compare().On(SavingsBases.Requests);

        Assert.Equal(2304 * Mi, requests.Gross.MemoryBytes);
        Assert.Equal(128 * Mi, requests.GrossPerSidecarPod.MemoryBytes);
        Assert.Equal(1.8, requests.Gross.CpuCores!.Value, 9);
    }

    [Theory]
    [InlineData(1, 2304 - 612)]
    [InlineData(3, 468)]
    [InlineData(10, 2304 - 6120)]
    public void Net_memory_by_requests_subtracts_a_ztunnel_and_an_istio_cni_per_node(int nodes, long netMi)
    {
        var requests = Compare(nodes).On(SavingsBases.Requests);

        Assert.Equal(nodes * 612 * Mi, requests.Added.MemoryBytes);
        Assert.Equal(netMi * Mi, requests.Net.MemoryBytes);
        Assert.Equal(612 * Mi, requests.AddedPerNode.MemoryBytes);
    }

    [Fact]
    public void The_net_memory_figure_is_spelled_out_as_arithmetic()
    {
        Assert.Equal("18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi", Compare().On(SavingsBases.Requests).MemoryArithmetic);
    }

    [Fact]
    public void The_net_cpu_figure_is_spelled_out_as_arithmetic()
    {
        var requests = Compare().On(SavingsBases.Requests);

        Assert.Equal("18 × 100m − 3 × (200m + 100m) = 900m", requests.CpuArithmetic);
        Assert.Equal(0.9, requests.Net.CpuCores!.Value, 9);
    }

    [Fact]
    public void When_the_sidecar_install_already_ran_istio_cni_only_ztunnel_is_added()
    {
        var requests = Compare(beforeRanCni: true).On(SavingsBases.Requests);

        Assert.Equal(((18 * 128) - (3 * 512)) * Mi, requests.Net.MemoryBytes);
        Assert.Equal("18 × 128 Mi − 3 × 512 Mi = 768 Mi", requests.MemoryArithmetic);
    }

    [Theory]
    [InlineData(false, 3, 6)]
    [InlineData(true, 4, 9)]
    public void Break_even_is_the_largest_node_count_with_a_net_saving_of_at_least_zero(bool beforeRanCni, int memoryNodes, int cpuNodes)
    {
        // 2304 / 612 = 3.76 → 3 (4 × 612 = 2448 > 2304); 1800m / 300m = 6; with istio-cni before: 2304 / 512 = 4.5 → 4, 1800m / 200m = 9.
        var requests = Compare(beforeRanCni: beforeRanCni).On(SavingsBases.Requests);

        Assert.Equal(memoryNodes, requests.BreakEvenNodesMemory);
        Assert.Equal(cpuNodes, requests.BreakEvenNodesCpu);
    }

    [Fact]
    public void The_net_saving_turns_negative_past_break_even_in_the_node_table()
    {
        var table = Compare().On(SavingsBases.Requests).ByNodeCount;

        Assert.True(table.Single(r => r.Nodes == 3).Net.MemoryBytes >= 0);
        Assert.True(table.Single(r => r.Nodes == 5).Net.MemoryBytes < 0);
        Assert.Equal([1, 2, 3, 5, 10], table.Select(r => r.Nodes));
    }

    [Fact]
    public void The_plans_claim_stands_beside_the_figure_computed_its_way_and_the_net_one()
    {
        var plan = Compare().Plan;

        Assert.Equal("~2.3GB", plan.StatedText);
        Assert.Equal(2304 * Mi, plan.StatedBytes);
        Assert.Equal(2304 * Mi, plan.PlanWayBytes);
        Assert.Equal("18 × 128 Mi = 2304 Mi (sidecar pods × sidecar memory request, nothing subtracted)", plan.PlanWayArithmetic);
        Assert.Equal(468 * Mi, plan.NetBytes);
    }

    [Fact]
    public void A_saving_by_limits_cannot_be_stated_when_ztunnel_sets_no_limit()
    {
        var limits = Compare().On(SavingsBases.Limits);

        Assert.Equal(18 * 1024 * Mi, limits.Gross.MemoryBytes);
        Assert.Null(limits.Added.MemoryBytes);
        Assert.Null(limits.Net.MemoryBytes);
        Assert.Contains(limits.Notes, n => n.Contains("ztunnel, istio-cni set no limit (unbounded)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SavingsBases.UsageAvg)]
    [InlineData(SavingsBases.UsagePeak)]
    public void Usage_that_was_not_sampled_is_not_measured_rather_than_zero(string basis)
    {
        var usage = Compare().On(basis);

        Assert.False(usage.Measured);
        Assert.Equal("not measured: neither snapshot has usage of its dataplane", usage.NotMeasured);
        Assert.Null(usage.Net.MemoryBytes);
    }

    [Fact]
    public void Usage_sampled_in_one_snapshot_only_is_not_measured()
    {
        var before = Snapshots.WithUsage(Snapshots.Sidecar(), ComponentKinds.Sidecar, Snapshots.Usage(0.01, 40 * Mi));

        var usage = ResourceComparison.Compare(before, Snapshots.Ambient()).On(SavingsBases.UsageAvg);

        Assert.Equal("not measured: the ambient snapshot has no usage of its dataplane", usage.NotMeasured);
    }

    [Fact]
    public void Usage_sampled_in_both_snapshots_gives_gross_added_and_net()
    {
        var before = Snapshots.WithUsage(Snapshots.Sidecar(), ComponentKinds.Sidecar, Snapshots.Usage(0.01, 40 * Mi));
        var after = Snapshots.WithUsage(Snapshots.WithUsage(Snapshots.Ambient(), ComponentKinds.Ztunnel, Snapshots.Usage(0.02, 30 * Mi)),
            ComponentKinds.IstioCni, Snapshots.Usage(0.001, 10 * Mi));

        var usage = ResourceComparison.Compare(before, after).On(SavingsBases.UsageAvg);

        Assert.True(usage.Measured);
        Assert.Equal(18 * 40 * Mi, usage.Gross.MemoryBytes);
        Assert.Equal(3 * 40 * Mi, usage.Added.MemoryBytes);
        Assert.Equal(((18 * 40) - (3 * 40)) * Mi, usage.Net.MemoryBytes);
        Assert.Equal(18 * 80 * Mi, ResourceComparison.Compare(before, after).On(SavingsBases.UsagePeak).Gross.MemoryBytes);
    }

    [Fact]
    public void Usage_arithmetic_counts_only_the_sampled_components()
    {
        var before = Snapshots.Sidecar();
        before = before with { Components = [.. before.Components.Select(c => c.Kind == ComponentKinds.Sidecar && c.Workload == "order-service" ? c with { Usage = Snapshots.Usage(0.01, 40 * Mi) } : c)] };
        var after = Snapshots.WithUsage(Snapshots.Ambient(), ComponentKinds.Ztunnel, Snapshots.Usage(0.02, 30 * Mi));

        var usage = ResourceComparison.Compare(before, after).On(SavingsBases.UsageAvg);

        Assert.Equal("3 × 40 Mi − 3 × 30 Mi = 30 Mi", usage.MemoryArithmetic);
        Assert.Contains(usage.Notes, n => n.Contains("before 3 of 18 sidecar", StringComparison.Ordinal));
    }

    [Fact]
    public void Incomplete_usage_makes_the_usage_basis_not_measured()
    {
        var before = Snapshots.WithUsage(Snapshots.Sidecar(), ComponentKinds.Sidecar, Snapshots.Usage(0.01, 40 * Mi, incomplete: "process 1 was gone"));
        var after = Snapshots.WithUsage(Snapshots.Ambient(), ComponentKinds.Ztunnel, Snapshots.Usage(0.02, 30 * Mi));

        var usage = ResourceComparison.Compare(before, after).On(SavingsBases.UsageAvg);

        Assert.StartsWith("not measured: incomplete usage (sidecar sidecar customer-service-0: process 1 was gone", usage.NotMeasured);
    }

    [Fact]
    public void Load_figures_in_both_snapshots_give_the_difference_and_ratio_per_scenario()
    {
        var before = Snapshots.Sidecar() with { Load = [Snapshots.Load("browse", 100, 0.020), Snapshots.Load("only-before", 1, 1)] };
        var after = Snapshots.Ambient() with { Load = [Snapshots.Load("browse", 110, 0.015)] };

        var comparison = ResourceComparison.Compare(before, after);

        var browse = Assert.Single(comparison.Load);
        Assert.Equal(-0.005, browse.Delta.P50, 9);
        Assert.Equal(0.75, browse.Ratio!.P50, 9);
        Assert.Equal(10, browse.RpsDelta, 9);
        Assert.Null(comparison.LoadNotMeasured);
    }

    [Fact]
    public void Without_load_figures_latency_is_not_measured()
    {
        Assert.Equal("not measured: the sidecar snapshot has no load figures", Compare().LoadNotMeasured);
    }

    [Fact]
    public void Snapshots_in_the_wrong_order_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ResourceComparison.Compare(Snapshots.Ambient(), Snapshots.Sidecar()));

        Assert.Contains("expected BEFORE to be a sidecar snapshot and AFTER an ambient one", error.Message);
    }
}
