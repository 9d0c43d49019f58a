using AmbientVerify.LoadTests.Cli;
using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.LoadTests.Tests.TestSupport;
using AmbientVerify.TestSupport;

namespace AmbientVerify.LoadTests.Tests.Cli;

/// <summary>The command line in-process: refusals exit 2 with the words and send nothing; a short run writes the reports.</summary>
public sealed class LoadCommandLineTests
{
    private static Task<(int Exit, string Error)> RunAsync(params string[] args) => RunAsync(TestContext.Current.CancellationToken, args);

    private static async Task<(int Exit, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var error = new StringWriter();
        var exit = await LoadCommandLine.InvokeAsync(args, error, cancellationToken);
        return (exit, error.ToString());
    }

    [Fact]
    public async Task An_unknown_option_is_refused_with_exit_2()
    {
        var (exit, error) = await RunAsync("--gateway", "http://127.0.0.1:1", "--rps", "5");

        Assert.Equal(LoadExitCode.RefusedOrInterrupted, exit);
        Assert.Contains("--rps", error);
    }

    [Fact]
    public async Task A_rate_above_the_cap_is_refused_with_exit_2_and_nothing_is_sent()
    {
        await using var server = await LoopbackServer.StartAsync();

        var (exit, error) = await RunAsync("--gateway", server.Url.ToString(), "--rate", "20000", "--duration", "1s");

        Assert.Equal(LoadExitCode.RefusedOrInterrupted, exit);
        Assert.Contains("load: refused: scenario shop: rate 20000 requests/s is above the cap of 10000 requests/s", error);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_remote_gateway_over_the_lower_cap_is_refused_with_the_max_rate_remedy()
    {
        var (exit, error) = await RunAsync("--gateway", "http://10.255.255.1:8080", "--rate", "2000", "--duration", "1s");

        Assert.Equal(LoadExitCode.RefusedOrInterrupted, exit);
        Assert.Contains("give --max-rate 2000 to allow it", error);
    }

    [Theory]
    [InlineData("--duration", "31m", "the plan runs 1865s, above the cap of 1800s")]
    [InlineData("--concurrency", "5000", "concurrency 5000 is outside 1..1000")]
    [InlineData("--duration", "ten", "--duration ten: not a duration")]
    [InlineData("--weight", "basket-service=3", "--weight basket-service=3: no Service or route id")]
    [InlineData("--gateway-name", "nope", "no Gateway named 'nope'; available: ecommerce/ecommerce-gateway")]
    [InlineData("--scenario", "checkout", "--scenario checkout: no such scenario; known: shop, route, ")]
    public async Task A_refused_setting_exits_2_with_its_reason(string option, string value, string message)
    {
        var (exit, error) = await RunAsync("--gateway", "http://127.0.0.1:1", option, value);

        Assert.Equal(LoadExitCode.RefusedOrInterrupted, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task A_short_shop_run_writes_load_json_md_and_csv_and_exits_0()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var output = new TempDirectory();

        var (exit, error) = await RunAsync("--gateway", server.Url.ToString(), "--rate", "100", "--duration", "1s", "--warmup", "200ms",
            "--mode", "ambient", "--output", output.Path);

        Assert.Equal((LoadExitCode.Ok, ""), (exit, error));
        var report = LoadReportFile.Read(Path.Combine(output.Path, LoadReportFile.JsonName));
        Assert.Equal("ambient", report.Mode);
        var shop = Assert.Single(report.Scenarios);
        Assert.Equal((100L, 100L), (shop.Requests, shop.Ok));
        Assert.Equal(6, shop.Steps.Count);
        Assert.True(File.Exists(Path.Combine(output.Path, "load.md")) && File.Exists(Path.Combine(output.Path, "load.csv")));
    }

    [Fact]
    public async Task An_interrupted_run_exits_2_and_still_writes_the_partial_reports_marked_interrupted()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var output = new TempDirectory();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // Interrupted once the server has seen 40 requests (past the warm-up), not after a fixed time: a busy machine
        // may take longer than that to send the first one.
        var watcher = Task.Run(async () =>
        {
            while (server.Requests < 40)
            {
                await Task.Delay(10, interrupt.Token);
            }

            await interrupt.CancelAsync();
        }, TestContext.Current.CancellationToken);

        var (exit, _) = await RunAsync(interrupt.Token, "--gateway", server.Url.ToString(), "--rate", "50", "--duration", "30s", "--warmup", "500ms", "--output", output.Path);

        Assert.Equal(LoadExitCode.RefusedOrInterrupted, exit);
        var report = LoadReportFile.Read(Path.Combine(output.Path, LoadReportFile.JsonName));
        Assert.True(report.Interrupted);
        // A partial run: far fewer than the 1500 planned.
        Assert.InRange(Assert.Single(report.Scenarios).Requests, 1, 200);
        Assert.Contains("**interrupted**", File.ReadAllText(Path.Combine(output.Path, LoadReportFile.MarkdownName)));
        await watcher.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Theory]
    [InlineData(new[] { "--snapshot" }, "--snapshot needs --mode sidecar or --mode ambient: a snapshot is of one mode")]
    [InlineData(new[] { "--process", "http://127.0.0.1:1" }, "--process, --nodes, --ztunnel-*, --cni-* and --before-ran-cni belong to --snapshot")]
    [InlineData(new[] { "--before-ran-cni" }, "--process, --nodes, --ztunnel-*, --cni-* and --before-ran-cni belong to --snapshot")]
    [InlineData(new[] { "--snapshot", "--mode", "ambient", "--nodes", "0" }, "--nodes '0' is not a whole number of at least 1")]
    [InlineData(new[] { "--snapshot", "--mode", "ambient", "--ztunnel-memory", "512MB" }, "--ztunnel-memory")]
    [InlineData(new[] { "--wait-ready", "health" }, "--wait-ready 'health' is not an http(s) URL")]
    public async Task A_snapshot_option_out_of_place_is_refused_with_exit_2(string[] options, string message)
    {
        var (exit, error) = await RunAsync(["--gateway", "http://127.0.0.1:1", .. options]);

        Assert.Equal(LoadExitCode.RefusedOrInterrupted, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task A_snapshot_run_writes_the_modes_snapshot_with_usage_over_the_window_and_the_load_figures()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var output = new TempDirectory();

        var (exit, error) = await RunAsync("--gateway", server.Url.ToString(), "--rate", "50", "--duration", "1s", "--warmup", "200ms",
            "--mode", "ambient", "--output", output.Path, "--snapshot", "--nodes", "5", "--ztunnel-memory", "256Mi", "--process", server.Url.ToString(), "--wait-ready", server.Url.ToString());

        Assert.Equal((LoadExitCode.Ok, ""), (exit, error));
        var snapshot = AmbientVerify.Probes.Resources.ResourceSnapshotFile.Read(Path.Combine(output.Path, "snapshot-ambient.json"));
        var load = LoadReportFile.Read(Path.Combine(output.Path, LoadReportFile.JsonName));
        Assert.Equal(5, snapshot.NodeCount);
        Assert.Equal(5, snapshot.OfKind(AmbientVerify.Probes.Resources.ComponentKinds.Ztunnel).Count());
        Assert.All(snapshot.OfKind(AmbientVerify.Probes.Resources.ComponentKinds.Ztunnel), z => Assert.Equal(256L * 1024 * 1024, z.Requests.MemoryBytes));
        var sampled = Assert.Single(snapshot.Components, c => c.Usage is not null);
        Assert.Equal(("gateway", "localmesh"), (sampled.Kind, sampled.Name));
        Assert.True(sampled.Usage!.MemoryPeakBytes > 0, "the test process's RSS was not read");
        // The usage window is the measured one: it opens after the warm-up.
        Assert.True(sampled.Usage.WindowStart >= load.StartedUtc.AddMilliseconds(-100), $"usage from {sampled.Usage.WindowStart:O}, measured from {load.StartedUtc:O}");
        Assert.Equal(load.Scenarios[0].RequestsPerSecond, Assert.Single(snapshot.Load).Rps);
    }

    [Fact]
    public async Task A_process_that_cannot_say_who_it_is_makes_the_snapshot_run_exit_2_naming_it()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var output = new TempDirectory();

        var (exit, error) = await RunAsync("--gateway", server.Url.ToString(), "--rate", "20", "--duration", "500ms", "--warmup", "0s",
            "--mode", "sidecar", "--output", output.Path, "--snapshot", "--process", "http://127.0.0.1:1/");

        Assert.Equal(LoadExitCode.RefusedOrInterrupted, exit);
        Assert.Contains("load: snapshot: not sampled: http://127.0.0.1:1/__process: ", error);
        var snapshot = AmbientVerify.Probes.Resources.ResourceSnapshotFile.Read(Path.Combine(output.Path, "snapshot-sidecar.json"));
        Assert.Contains(snapshot.Assumptions, a => a.StartsWith("Not sampled: http://127.0.0.1:1/__process", StringComparison.Ordinal));
    }
}
