using System.Diagnostics;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Resources;

namespace AmbientVerify.AppHost.Tests;

// One class per AppHost run so xunit runs them in parallel.

/// <summary>
/// <c>--compare</c> end to end with a short load (<see cref="ShortCompare"/>): the sidecar sample, then the ambient
/// sample, each on its own local mesh under the same load, a snapshot of each with the usage of every process, and the
/// comparison beside the plan's claim.
/// </summary>
[Collection(nameof(ShortCompareCollection))]
public sealed class CompareTests(ShortCompare compare)
{
    [Fact]
    public void A_short_compare_snapshots_both_meshes_and_sets_the_plans_claim_beside_the_net_saving()
    {
        var (run, output) = (compare.Run, compare.Output);

        Assert.True(run.ExitCode == GateExitCodes.Passed, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var before = ResourceSnapshotFile.Read(Path.Combine(output, "before", "snapshot-sidecar.json"));
        var after = ResourceSnapshotFile.Read(Path.Combine(output, "after", "snapshot-ambient.json"));
        Assert.Equal((MeshMode.Sidecar, MeshMode.Ambient), (before.Mode, after.Mode));
        // Every sidecar stand-in was sampled, and the ambient side's one local ztunnel.
        Assert.All(before.OfKind(ComponentKinds.Sidecar), sidecar => Assert.True(sidecar.Usage?.MemoryPeakBytes > 0, $"{sidecar.Name} has no usage"));
        Assert.Equal(18, before.OfKind(ComponentKinds.Sidecar).Count());
        Assert.Single(after.OfKind(ComponentKinds.Ztunnel), z => z.Usage is not null);
        // The same load on both: the same scenario at the same rate, every request answered.
        var (beforeLoad, afterLoad) = (Assert.Single(before.Load), Assert.Single(after.Load));
        Assert.Equal(("shop", "shop"), (beforeLoad.Scenario, afterLoad.Scenario));
        Assert.All(new[] { beforeLoad, afterLoad }, load => Assert.Equal((250L, 0L), (load.Ok, load.Fail)));

        var comparison = ComparisonFiles.Parse(File.ReadAllText(Path.Combine(output, "compare.json")), "compare.json");
        Assert.Equal(468L * 1024 * 1024, comparison.On(SavingsBases.Requests).Net.MemoryBytes);
        var markdown = File.ReadAllText(Path.Combine(output, "compare.md"));
        Assert.Contains("| the plan's claim (§9) | ~2.3GB |", markdown);
        Assert.Contains("18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi", markdown);
        Assert.Contains(".NET stand-ins for Envoy, ztunnel and the workloads, not Envoy or ztunnel", markdown);
        // The rate each side reached: the one asked for on a quiet machine; a busy one answers the same 250 requests
        // over a slightly longer window.
        var rates = System.Text.RegularExpressions.Regex.Match(markdown, @"\| shop \| (?<before>[0-9.]+) → (?<after>[0-9.]+) \|");
        Assert.True(rates.Success, $"no load row for shop in compare.md:\n{markdown}");
        Assert.All(new[] { rates.Groups["before"].Value, rates.Groups["after"].Value },
            rate => Assert.InRange(double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), 0.8 * ShortCompare.Rate, ShortCompare.Rate + 0.5));
        Assert.Contains("compare.md and compare.json in", run.Stdout);
    }
}

/// <summary>A broken after-state is found before the before-state's load runs: exit 2, nothing measured, no comparison.</summary>
public sealed class CompareWithBrokenAfterTests
{
    [Fact]
    public async Task Broken_after_manifests_stop_the_comparison_before_anything_starts()
    {
        var after = BrokenManifests.CopyOfSample("ambient");
        File.WriteAllText(Path.Combine(after, "05-httproute.yaml"), "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: [unclosed\n");
        var output = ScratchDirectory.NewPath("ambientverify-compare-broken");
        var clock = Stopwatch.StartNew();

        var run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(2), "--compare", "--after", after, "--duration", "5s", "--output", output);

        Assert.Equal(GateExitCodes.CouldNotRun, run.ExitCode);
        Assert.Contains($"ambientverify compare: the after manifests ({after}): ", run.Stderr);
        Assert.Contains("05-httproute.yaml", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(output, "before")), "the before-state was measured although the after-state could not be read");
        Assert.False(File.Exists(Path.Combine(output, "compare.md")));
    }
}

/// <summary>Stopping a comparison in the middle (SIGTERM, as a pipeline cancels; Ctrl+C takes the same path): exit 2, no process left, no comparison.</summary>
public sealed class InterruptedCompareTests
{
    [Fact]
    public async Task Stopping_a_compare_midway_stops_every_process_and_writes_no_comparison()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = ScratchDirectory.NewPath("ambientverify-compare-interrupted");
        var (appHost, _, stderr) = AppHostProcess.Start("--compare", "--duration", "60s", "--rate", "20", "--output", output);
        using (appHost)
        {
            IReadOnlyList<ProcessTree.Member> started;
            while (true)
            {
                Assert.False(appHost.HasExited, $"the AppHost exited early: {stderr}");
                started = ProcessTree.StartedBy(appHost.Id);
                if (started.Any(p => p.Name.StartsWith("LoadTests", StringComparison.Ordinal)) && started.Any(p => p.Name.StartsWith("LocalMesh", StringComparison.Ordinal)))
                {
                    break;
                }

                await Task.Delay(250, timeout.Token);
            }

            using (var kill = Process.Start("kill", ["-TERM", appHost.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await appHost.WaitForExitAsync(timeout.Token);

            Assert.Equal(GateExitCodes.CouldNotRun, appHost.ExitCode);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (started.Any(p => ProcessTree.IsAlive(p.Pid)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, timeout.Token);
            }

            Assert.Empty(started.Where(p => ProcessTree.IsAlive(p.Pid)).Select(p => $"{p.Pid} {p.Name}"));
            Assert.False(Directory.Exists(Path.Combine(output, "after")), "the after-state ran although the comparison was stopped");
            Assert.False(File.Exists(Path.Combine(output, "compare.md")));
        }
    }
}
