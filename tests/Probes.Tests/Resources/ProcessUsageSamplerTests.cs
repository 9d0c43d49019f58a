using AmbientVerify.Probes.Resources;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>CPU from utime+stime, RSS from VmRSS: averages and peaks over the window; a process gone mid-window is incomplete, never zero.</summary>
public sealed class ProcessUsageSamplerTests
{
    private const long Mi = Snapshots.Mi;

    /// <summary>Hands out the scripted stats of each pid in turn; null once a script runs out (the process is gone).</summary>
    private sealed class ScriptedProc(Dictionary<int, Queue<ProcessStats?>> scripts) : IProcessStatsReader
    {
        public ProcessStats? Read(int pid) => scripts.TryGetValue(pid, out var script) && script.Count > 0 ? script.Dequeue() : null;
    }

    private static ProcessStats Stats(double cpuSeconds, long rssMi) => new(TimeSpan.FromSeconds(cpuSeconds), rssMi * Mi);

    private static readonly SamplerTarget Ztunnel = new(ComponentKinds.Ztunnel, "ztunnel", 42, ".NET stand-in, not ztunnel");
    private static readonly SamplerTarget Sidecar = new(ComponentKinds.Sidecar, "shop-0", 43);

    private static IReadOnlyList<(SamplerTarget Target, ResourceUsage Usage)> Sample(Dictionary<int, Queue<ProcessStats?>> scripts, int samples)
    {
        var time = new FakeTimeProvider(Snapshots.TakenAt);
        var sampler = new ProcessUsageSampler(new ScriptedProc(scripts), time);
        for (var i = 0; i < samples; i++)
        {
            sampler.SampleOnce([Ztunnel, Sidecar]);
            if (i < samples - 1)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        return sampler.Results();
    }

    [Fact]
    public void Cpu_average_and_peak_and_memory_average_and_peak_come_from_the_samples()
    {
        // CPU time 0 → 0.1 → 0.6 → 0.9 s over 3 s: average 0.3 cores, peak 0.5 cores (second to third sample).
        var usage = Sample(new() { [42] = new([Stats(0, 10), Stats(0.1, 20), Stats(0.6, 30), Stats(0.9, 20)]) }, 4)
            .Single(u => u.Target == Ztunnel).Usage;

        Assert.Equal(0.3, usage.CpuAvgCores, 9);
        Assert.Equal(0.5, usage.CpuPeakCores, 9);
        Assert.Equal(20 * Mi, usage.MemoryAvgBytes);
        Assert.Equal(30 * Mi, usage.MemoryPeakBytes);
        Assert.Equal(4, usage.Samples);
        Assert.Null(usage.Incomplete);
        Assert.Equal("local process 42 (.NET stand-in, not ztunnel)", usage.Source);
        Assert.Equal(TimeSpan.FromSeconds(3), usage.WindowEnd - usage.WindowStart);
    }

    [Fact]
    public void A_process_that_exits_mid_window_is_marked_incomplete_with_what_was_seen()
    {
        var usage = Sample(new()
        {
            [42] = new([Stats(0, 10), Stats(0.1, 10), Stats(0.2, 10), Stats(0.3, 10)]),
            [43] = new([Stats(0, 50), Stats(0.2, 70)]),
        }, 4).Single(u => u.Target == Sidecar).Usage;

        Assert.NotNull(usage.Incomplete);
        Assert.Contains("process 43 was gone at", usage.Incomplete);
        Assert.Equal(2, usage.Samples);
        Assert.Equal(0.2, usage.CpuAvgCores, 9);
        Assert.Equal(70 * Mi, usage.MemoryPeakBytes);
    }

    [Fact]
    public void A_process_never_readable_is_incomplete_with_no_samples()
    {
        var usage = Sample(new() { [42] = new([Stats(0, 10), Stats(0.1, 10)]) }, 2).Single(u => u.Target == Sidecar).Usage;

        Assert.Equal("process 43 was never readable (not running?)", usage.Incomplete);
        Assert.Equal(0, usage.Samples);
    }

    [Fact]
    public async Task Sampling_for_a_window_reads_once_at_the_start_and_once_per_interval_on_the_injected_clock()
    {
        var time = new FakeTimeProvider(Snapshots.TakenAt);
        var script = new Queue<ProcessStats?>(Enumerable.Range(0, 10).Select(i => (ProcessStats?)Stats(0.1 * i, 10 + i)));
        var sampler = new ProcessUsageSampler(new ScriptedProc(new() { [42] = script }), time);

        var sampling = sampler.SampleAsync([Ztunnel], TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        for (var read = 2; read <= 4; read++)
        {
            time.Advance(TimeSpan.FromSeconds(1));

            // Wait for the sample of this tick before the next one, so ticks never coalesce on a busy machine.
            Assert.True(SpinWait.SpinUntil(() => script.Count <= 10 - read, TimeSpan.FromSeconds(10)), $"sample {read} was not taken");
        }

        var usage = (await sampling.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Single().Usage;
        Assert.Equal(4, usage.Samples);
        Assert.Equal(0.1, usage.CpuAvgCores, 9);
        Assert.Equal(13 * Mi, usage.MemoryPeakBytes);
        Assert.Equal(Snapshots.TakenAt.AddSeconds(3), usage.WindowEnd);
    }

    [Theory]
    [InlineData("1234 (dotnet) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0 100 1000 2000", 3.0)]
    [InlineData("1234 (a) b) c) R 1 1234 1234 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 12 0 100 1000 2000", 0.1)]
    public void Stat_utime_and_stime_are_fields_14_and_15_in_ticks_of_100_per_second(string stat, double cpuSeconds)
    {
        var stats = ProcFileSystemStatsReader.Parse(stat, ["Name:\tdotnet", "VmRSS:\t   2048 kB"]);

        Assert.NotNull(stats);
        Assert.Equal(cpuSeconds, stats.Value.CpuTime.TotalSeconds, 9);
        Assert.Equal(2048L * 1024, stats.Value.RssBytes);
    }

    [Fact]
    public void A_status_without_VmRSS_reads_as_unreadable()
    {
        Assert.Null(ProcFileSystemStatsReader.Parse("1 (x) Z 0 0 0 0 0 0 0 0 0 0 1 1", ["Name:\tx", "State:\tZ (zombie)"]));
    }

    [Fact]
    public async Task The_test_process_itself_is_sampled_from_the_real_proc()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "/proc is Linux only");
        var self = new SamplerTarget(ComponentKinds.Workload, "tests", Environment.ProcessId);
        var sampler = new ProcessUsageSampler(new ProcFileSystemStatsReader(), TimeProvider.System);

        var usage = (await sampler.SampleAsync([self], TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken)).Single().Usage;

        Assert.Null(usage.Incomplete);
        Assert.InRange(usage.Samples, 2, 10);
        Assert.True(usage.MemoryPeakBytes > 10 * Mi, $"RSS of a .NET test host is well above 10 Mi, got {usage.MemoryPeakBytes}");
        Assert.True(usage.CpuAvgCores >= 0);
    }
}
