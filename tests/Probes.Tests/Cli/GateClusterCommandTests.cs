using AmbientVerify.Probes.Cli;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>
/// <c>gate --target cluster</c> at the command line: options of the other target refused by name, the twins' options
/// checked in the words of the options, <c>--dry-run</c> printing the plan without a gateway and without writes, and
/// a cluster that cannot be used giving exit 2 with a report. The run itself: Running/ClusterProbeRunTests.
/// </summary>
public sealed class GateClusterCommandTests : IDisposable
{
    private const string Token = "gate-secret-token-81ad";
    private readonly TempDirectory _directory = new();

    private string Output => Path.Combine(_directory.Path, "out");

    public void Dispose() => _directory.Dispose();

    private static async Task<(int ExitCode, string Console)> GateAsync(params string[] args) =>
        await AuditConsole.RunAsync(() => ProbesCommandLine.Create()
            .Parse(["gate", .. args])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));

    [Theory]
    [InlineData(new[] { "--kubeconfig", "k" }, "gate: --kubeconfig is for --target cluster")]
    [InlineData(new[] { "--dry-run" }, "gate: --dry-run is for --target cluster")]
    [InlineData(new[] { "--run-id", "r1" }, "gate: --run-id is for --target cluster")]
    public async Task A_cluster_option_on_a_local_gate_is_refused_by_name(string[] extra, string expected)
    {
        var (exitCode, console) = await GateAsync(["--gateway", "http://127.0.0.1:1", "--manifests", Repository.Sample("ambient"), "--output", Output, .. extra]);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, console.Trim());
        Assert.False(Directory.Exists(Output));
    }

    [Theory]
    [InlineData(new[] { "--dataplane-admin", "http://127.0.0.1:1" }, "gate: --dataplane-admin is for --target local: the cluster's ztunnel and pods are read through the API server")]
    [InlineData(new[] { "--run-id", "Pipeline_42" }, "gate: --run-id 'Pipeline_42' must be 1 to 8 lowercase letters and digits (it goes into object names of at most 63 characters)")]
    [InlineData(new[] { "--twin-expiry", "0s" }, "gate: --twin-expiry is 00:00:00: it must be above zero")]
    [InlineData(new[] { "--converge-timeout", "soon" }, "gate: --converge-timeout 'soon' is not a duration")]
    [InlineData(new[] { "--namespace", "Ecommerce" }, "gate: twin namespace 'Ecommerce' is not a Kubernetes namespace name")]
    [InlineData(new[] { "--kubeconfig", "/no/such/kubeconfig" }, "gate: --kubeconfig /no/such/kubeconfig: no such file")]
    public async Task A_bad_cluster_option_is_refused_with_exit_2_before_anything_is_read(string[] extra, string expected)
    {
        var (exitCode, console) = await GateAsync(["--target", "cluster", "--gateway", "http://127.0.0.1:1", "--output", Output, .. extra]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(expected, console.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public async Task The_dry_run_prints_the_objects_it_would_create_without_a_gateway_a_write_or_the_token()
    {
        await using var api = await SeededCluster.StartAsync(Repository.Sample("ambient"));
        api.RequiredToken = Token;
        var kubeconfig = Kubeconfigs.WithToken(_directory.Path, api.Url, Token);

        var (exitCode, console) = await GateAsync("--target", "cluster", "--dry-run", "--kubeconfig", kubeconfig, "--run-id", "dry1",
            "--faulttarget-image", "registry.example.com/faulttarget:1.0", "--output", Output);

        Assert.True(exitCode == 0, console);
        Assert.Contains("name: av-dry1-faulttarget", console);
        Assert.Contains("image: registry.example.com/faulttarget:1.0", console);
        Assert.Contains("kind: HTTPRoute", console);
        Assert.DoesNotContain(Token, console);
        Assert.All(api.Requests, r => Assert.Contains(r.Verb, new[] { "get", "list", "watch" }));
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public async Task A_token_the_API_server_refuses_is_exit_2_with_a_report_saying_so()
    {
        await using var api = await SeededCluster.StartAsync(Repository.Sample("ambient"));
        api.RequiredToken = Token;
        var kubeconfig = Kubeconfigs.WithToken(_directory.Path, api.Url, "expired-token");

        var (exitCode, console) = await GateAsync("--target", "cluster", "--gateway", "http://127.0.0.1:1", "--kubeconfig", kubeconfig, "--output", Output);

        Assert.Equal(2, exitCode);
        var report = await File.ReadAllTextAsync(Path.Combine(Output, "report.md"), TestContext.Current.CancellationToken);
        Assert.Contains("401", report);
        Assert.DoesNotContain("expired-token", console + report);
        Assert.DoesNotContain(api.Requests, r => r.Verb is not ("get" or "list" or "watch"));
    }
}
