using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Resources;
using AmbientVerify.TestSupport;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary><c>snapshot</c> then <c>compare</c>, invoked in process as the command line would: files, exit codes, refusals.</summary>
public sealed class SnapshotCompareCommandTests
{
    private static Task<int> InvokeAsync(params string[] args) =>
        ProbesCommandLine.Create().Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<(string Before, string After)> SnapshotsAsync(TempDirectory directory, params string[] extra)
    {
        Assert.Equal(0, await InvokeAsync(["snapshot", "--mode", "sidecar", "--manifests", Repository.Sample("sidecar"), "--output", directory.Path, .. extra]));
        Assert.Equal(0, await InvokeAsync(["snapshot", "--mode", "ambient", "--manifests", Repository.Sample("ambient"), "--output", directory.Path, .. extra]));
        return (Path.Combine(directory.Path, "snapshot-sidecar.json"), Path.Combine(directory.Path, "snapshot-ambient.json"));
    }

    [Fact]
    public async Task Compare_of_the_two_snapshots_writes_compare_md_with_the_plans_claim_and_the_net_figure()
    {
        using var directory = new TempDirectory();
        var (before, after) = await SnapshotsAsync(directory);

        Assert.Equal(0, await InvokeAsync("compare", before, after, "--output", directory.Path));

        var md = await File.ReadAllTextAsync(Path.Combine(directory.Path, "compare.md"), TestContext.Current.CancellationToken);
        Assert.Contains("~2.3GB", md);
        Assert.Contains("18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi", md);
        var json = ComparisonFiles.Parse(await File.ReadAllTextAsync(Path.Combine(directory.Path, "compare.json"), TestContext.Current.CancellationToken), "compare.json");
        Assert.Equal(468L * 1024 * 1024, json.On(SavingsBases.Requests).Net.MemoryBytes);
    }

    [Fact]
    public async Task Snapshot_options_size_the_nodes_ztunnel_and_istio_cni()
    {
        using var directory = new TempDirectory();
        var (before, after) = await SnapshotsAsync(directory, "--nodes", "2", "--ztunnel-cpu", "100m", "--ztunnel-memory", "256Mi", "--cni-cpu", "50m", "--cni-memory", "64Mi");

        var comparison = ResourceComparison.Compare(ResourceSnapshotFile.Read(before), ResourceSnapshotFile.Read(after));

        Assert.Equal("18 × 128 Mi − 2 × (256 Mi + 64 Mi) = 1664 Mi", comparison.On(SavingsBases.Requests).MemoryArithmetic);
        Assert.Contains(comparison.After.Assumptions, a => a.Contains("--ztunnel-cpu/--ztunnel-memory (100m / 256 Mi)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Before_ran_cni_counts_istio_cni_in_the_sidecar_snapshot()
    {
        using var directory = new TempDirectory();
        Assert.Equal(0, await InvokeAsync("snapshot", "--mode", "sidecar", "--manifests", Repository.Sample("sidecar"), "--before-ran-cni", "--output", directory.Path));

        Assert.Equal(3, ResourceSnapshotFile.Read(Path.Combine(directory.Path, "snapshot-sidecar.json")).OfKind(ComponentKinds.IstioCni).Count());
    }

    [Fact]
    public async Task A_load_file_is_carried_into_the_snapshot()
    {
        using var directory = new TempDirectory();
        // The shape of LoadTests' load.json (LoadTests.Tests' LoadFiguresContractTests write it with LoadTests' own writer).
        var load = directory.Write("load.json", """
            {"schemaVersion":1,"mode":"ambient","scenarios":[{"name":"browse","requestsPerSecond":50,"ok":3000,"fail":1,
             "latency":{"minMs":1,"meanMs":11,"maxMs":80,"p50Ms":10,"p75Ms":12,"p95Ms":20,"p99Ms":30,"p999Ms":50}}]}
            """);

        Assert.Equal(0, await InvokeAsync("snapshot", "--mode", "ambient", "--manifests", Repository.Sample("ambient"), "--load", load, "--output", directory.Path));

        var scenario = Assert.Single(ResourceSnapshotFile.Read(Path.Combine(directory.Path, "snapshot-ambient.json")).Load);
        Assert.Equal(("browse", 50.0, 0.03), (scenario.Scenario, scenario.Rps, scenario.Latency.P99));
    }

    [Theory]
    [InlineData("snapshot", "--manifests", "SAMPLE")]
    [InlineData("snapshot", "--mode", "hybrid", "--manifests", "SAMPLE")]
    [InlineData("snapshot", "--mode", "ambient")]
    [InlineData("snapshot", "--mode", "ambient", "--manifests", "/nonexistent/manifests")]
    [InlineData("snapshot", "--mode", "ambient", "--manifests", "SAMPLE", "--nodes", "0")]
    [InlineData("snapshot", "--mode", "ambient", "--manifests", "SAMPLE", "--ztunnel-memory", "512MB")]
    [InlineData("snapshot", "--mode", "ambient", "--manifests", "SAMPLE", "--cni-cpu", "lots")]
    [InlineData("snapshot", "--mode", "ambient", "--manifests", "SAMPLE", "--load", "/nonexistent/load.json")]
    [InlineData("snapshot", "--mode", "ambient", "--manifests", "SAMPLE", "--load", "NEWER_LOAD")]
    [InlineData("snapshot", "--mode", "ambient", "--manifests", "SAMPLE", "--ztunnel-mem", "1Gi")]
    public async Task A_snapshot_that_cannot_be_taken_exits_2_and_writes_nothing(params string[] args)
    {
        using var directory = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var newerLoad = elsewhere.Write("load.json", """{"schemaVersion":2,"scenarios":[]}""");

        var exit = await InvokeAsync([.. args.Select(a => a switch { "SAMPLE" => Repository.Sample("ambient"), "NEWER_LOAD" => newerLoad, _ => a }), "--output", directory.Path]);

        Assert.Equal(GateExitCode.Error, exit);
        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    [Fact]
    public async Task Compare_of_a_missing_file_exits_2()
    {
        using var directory = new TempDirectory();
        var (before, _) = await SnapshotsAsync(directory);

        Assert.Equal(GateExitCode.Error, await InvokeAsync("compare", before, Path.Combine(directory.Path, "missing.json"), "--output", directory.Path));
        Assert.False(File.Exists(Path.Combine(directory.Path, "compare.md")));
    }

    [Fact]
    public async Task Compare_of_a_newer_schema_version_exits_2()
    {
        using var directory = new TempDirectory();
        var (before, after) = await SnapshotsAsync(directory);
        await File.WriteAllTextAsync(after, (await File.ReadAllTextAsync(after, TestContext.Current.CancellationToken)).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 7", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        Assert.Equal(GateExitCode.Error, await InvokeAsync("compare", before, after, "--output", directory.Path));
    }

    [Theory]
    [InlineData("malformed")]
    [InlineData("swapped")]
    [InlineData("one-file")]
    [InlineData("unknown-option")]
    public async Task Compare_refuses_malformed_swapped_too_few_files_and_unknown_options_with_exit_2(string problem)
    {
        using var directory = new TempDirectory();
        var (before, after) = await SnapshotsAsync(directory);
        string[] args = problem switch
        {
            "malformed" => ["compare", before, directory.Write("bad.json", "{\"kind\": \"ambientverify-resource-snapshot\", \"schemaVersion\": 1, \"mode\": 3}")],
            "swapped" => ["compare", after, before],
            "one-file" => ["compare", before],
            _ => ["compare", before, after, "--colour", "always"],
        };

        Assert.Equal(GateExitCode.Error, await InvokeAsync([.. args, "--output", directory.Path]));
        Assert.False(File.Exists(Path.Combine(directory.Path, "compare.json")));
    }

    [Fact]
    public async Task Serve_refuses_a_comparison_it_cannot_read_before_it_starts()
    {
        using var directory = new TempDirectory();
        var broken = directory.Write("compare.json", "{\"kind\":\"something-else\"}");

        var exit = await InvokeAsync("serve", "--gateway", "http://127.0.0.1:1", "--manifests", Repository.Sample("ambient"), "--comparison", broken);

        Assert.Equal(GateExitCode.Error, exit);
    }
}
