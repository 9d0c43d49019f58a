using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Tests.Resources.Cluster;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Cli;

[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary>
/// <c>snapshot --target cluster</c> as the command line runs it: a kubeconfig naming the fake API server, the snapshot
/// file, <c>compare</c> on two of them, exit codes and the words on stderr. Alone in its collection: it reads the console.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class SnapshotClusterCommandTests
{
    private const string Token = "s3cr3t-token-never-printed";

    private static async Task<(int Exit, string Out, string Error)> InvokeAsync(params string[] args)
    {
        var (output, error) = (Console.Out, Console.Error);
        using var outWriter = new StringWriter();
        using var errorWriter = new StringWriter();
        Console.SetOut(outWriter);
        Console.SetError(errorWriter);
        try
        {
            var exit = await ProbesCommandLine.Create().Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, outWriter.ToString(), errorWriter.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }

    /// <summary>A kubeconfig whose one context names the fake API server, with a bearer token.</summary>
    private static string Kubeconfig(TempDirectory directory, FakeApiServer api, string name = "kubeconfig") => Kubeconfig(directory, api.Url, name);

    private static string Kubeconfig(TempDirectory directory, Uri server, string name) => directory.Write(name, $"""
        apiVersion: v1
        kind: Config
        clusters:
          - name: fake
            cluster: {"{"}server: "{server.ToString().TrimEnd('/')}"{"}"}
        users:
          - name: ambientverify
            user: {"{"}token: {Token}{"}"}
        contexts:
          - name: fake
            context: {"{"}cluster: fake, user: ambientverify{"}"}
        current-context: fake
        """);

    [Fact]
    public async Task Two_cluster_snapshots_compare_to_the_net_saving()
    {
        using var directory = new TempDirectory();
        await using var before = await FakeApiServer.StartAsync();
        await using var after = await FakeApiServer.StartAsync();
        ClusterSamples.SeedSidecar(before);
        ClusterSamples.SeedAmbient(after);
        before.RequiredToken = after.RequiredToken = Token;

        var sidecar = await InvokeAsync("snapshot", "--target", "cluster", "--kubeconfig", Kubeconfig(directory, before, "before"), "--duration", "0s", "--output", directory.Path);
        var ambient = await InvokeAsync("snapshot", "--target", "cluster", "--kubeconfig", Kubeconfig(directory, after, "after"), "--context", "fake",
            "--namespace", "ecommerce", "--mode", "ambient", "--duration", "0s", "--output", directory.Path);

        Assert.Equal((0, ""), (sidecar.Exit, sidecar.Error));
        Assert.Equal((0, ""), (ambient.Exit, ambient.Error));
        Assert.Contains("sidecar (current context of ", sidecar.Out, StringComparison.Ordinal);
        Assert.Contains("18 sidecars, 0 ztunnel, 0 istio-cni on 3 nodes", sidecar.Out, StringComparison.Ordinal);
        var compare = await InvokeAsync("compare", Path.Combine(directory.Path, "snapshot-sidecar.json"), Path.Combine(directory.Path, "snapshot-ambient.json"), "--output", directory.Path);
        Assert.Equal(0, compare.Exit);
        var md = await File.ReadAllTextAsync(Path.Combine(directory.Path, "compare.md"), TestContext.Current.CancellationToken);
        Assert.Contains("18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi", md, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, sidecar.Out + ambient.Out + md + await File.ReadAllTextAsync(Path.Combine(directory.Path, "snapshot-sidecar.json"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_metrics_server_the_snapshot_is_written_with_a_warning_and_exit_0()
    {
        using var directory = new TempDirectory();
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedAmbient(api, podMetrics: false);
        api.RemoveGroup("metrics.k8s.io");

        var (exit, _, error) = await InvokeAsync("snapshot", "--target", "cluster", "--kubeconfig", Kubeconfig(directory, api), "--duration", "0s", "--output", directory.Path);

        Assert.Equal(0, exit);
        Assert.Equal("snapshot: warning: metrics.k8s.io is not served (metrics-server not installed): usage not measured; pass --prometheus URL" + Environment.NewLine, error);
        var snapshot = ResourceSnapshotFile.Read(Path.Combine(directory.Path, "snapshot-ambient.json"));
        Assert.Equal(3, snapshot.OfKind(ComponentKinds.Ztunnel).Count());
        Assert.All(snapshot.Components, c => Assert.Null(c.Usage));
    }

    [Fact]
    public async Task A_refused_pod_list_is_exit_2_naming_verb_and_resource()
    {
        using var directory = new TempDirectory();
        await using var api = await FakeApiServer.StartAsync();
        ClusterSamples.SeedSidecar(api);
        api.Forbid("list", "", "pods");

        var (exit, _, error) = await InvokeAsync("snapshot", "--target", "cluster", "--kubeconfig", Kubeconfig(directory, api), "--duration", "0s", "--output", directory.Path);

        Assert.Equal(2, exit);
        Assert.StartsWith("snapshot: the credentials may not list pods (403 Forbidden)", error, StringComparison.Ordinal);
        Assert.Contains("grant 'list' on 'pods'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory.Path, "snapshot-sidecar.json")));
    }

    public static TheoryData<string[], string> BadInput() => new()
    {
        { ["--target", "cluster", "--kubeconfig", "/nonexistent/kubeconfig"], "snapshot: --kubeconfig /nonexistent/kubeconfig: no such file" },
        { ["--target", "cluster", "--manifests", "x"], "snapshot: --manifests is for --target local: a cluster snapshot reads the live pods" },
        { ["--target", "cluster", "--nodes", "4"], "snapshot: --nodes: for --target local only: a cluster snapshot counts the ztunnel and istio-cni pods that run and reads their requests" },
        { ["--target", "cluster", "--mode", "hybrid"], "snapshot: --mode 'hybrid' is not sidecar | ambient (or leave it out: it is detected)" },
        { ["--target", "cluster", "--interval", "0s"], "snapshot: --interval '0s' is not a duration above 0s (e.g. 15s)" },
        { ["--target", "cluster", "--duration", "soon"], "snapshot: --duration 'soon' is not a duration of 0s or more (e.g. 1m)" },
        { ["--target", "cluster", "--prometheus", "prometheus:9090"], "snapshot: --prometheus 'prometheus:9090' is not an http(s) URL (Prometheus' base URL, e.g. http://prometheus.monitoring:9090)" },
        { ["--target", "moon"], "snapshot: --target 'moon' is not local | cluster" },
        { ["--mode", "ambient", "--manifests", "x", "--duration", "10s"], "snapshot: --duration is for --target cluster" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_exit_2_with_a_specific_message(string[] args, string expected)
    {
        var (exit, _, error) = await InvokeAsync(["snapshot", .. args]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_api_server_is_exit_2_naming_it()
    {
        using var directory = new TempDirectory();
        var kubeconfig = Kubeconfig(directory, LoopbackPorts.ClosedUrl(), "kubeconfig");

        var (exit, _, error) = await InvokeAsync("snapshot", "--target", "cluster", "--kubeconfig", kubeconfig, "--duration", "0s", "--output", directory.Path);

        Assert.Equal(2, exit);
        Assert.Contains("is unreachable", error, StringComparison.Ordinal);
        Assert.Contains("check --kubeconfig / --context and the network", error, StringComparison.Ordinal);
    }
}
