using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;
using AmbientVerify.TestSupport.Prometheus;
using Microsoft.Extensions.Configuration;
using System.CommandLine;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>
/// <c>gate --pushgateway</c> when the push fails: the exit code stays the gate's verdict, stderr says why, and no
/// credential of the URL is printed. Alone in its collection: it reads the console.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class PushgatewayOptionTests : IDisposable
{
    private const string Secret = "s3cret-never-printed";

    private readonly TempDirectory _output = new("probes-push-");

    public void Dispose() => _output.Dispose();

    private async Task<(int Exit, string Out, string Error)> GateAsync(Uri gateway, string sample, IEnumerable<string> extra,
        Dictionary<string, string?>? configuration = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? []).Build();
        var root = new RootCommand { GateCommand.Create(config) };
        var (output, error) = (Console.Out, Console.Error);
        using var outWriter = new StringWriter();
        using var errorWriter = new StringWriter();
        try
        {
            Console.SetOut(outWriter);
            Console.SetError(errorWriter);
            var exit = await root.Parse(["gate", "--gateway", gateway.ToString(), "--manifests", Repository.Sample(sample), "--output", _output.Path, .. extra])
                .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, outWriter.ToString(), errorWriter.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }

    [Fact]
    public async Task An_unreachable_pushgateway_keeps_the_failed_gates_exit_1_and_says_why_without_the_password()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.NeverRetries);
        await using var pod = FakePod.Refusing();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient-as-planned")), pod);
        var closed = LoopbackPorts.ClosedUrl();
        var withPassword = new UriBuilder(closed) { UserName = "ci", Password = Secret }.Uri;

        var (exit, output, error) = await GateAsync(gateway.Address, "ambient-as-planned",
            [.. Gateways.ShortPolicyArguments, "--dataplane-admin", ztunnel.Address.ToString(), "--pushgateway", withPassword.ToString()]);

        Assert.Equal(1, exit);
        Assert.Contains($"gate: metrics not pushed to http://127.0.0.1:{closed.Port}/metrics/job/ambientverify-gate/target/local/namespace/", error);
        Assert.Contains("cannot reach it", error);
        Assert.Contains("the exit code is the gate's verdict, unchanged", error);
        Assert.DoesNotContain(Secret, output + error);
        Assert.Contains("ambientverify_gate_exit_code{target=\"local\",mode=\"ambient\"} 1", await File.ReadAllTextAsync(Path.Combine(_output.Path, "metrics.prom"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_pushgateway_answering_404_keeps_exit_2_and_gives_the_status()
    {
        await using var pushgateway = await RealPushgateway.StartAsync(TestContext.Current.CancellationToken);

        var (exit, _, error) = await GateAsync(LoopbackPorts.ClosedUrl(), "ambient", [], new() { ["Probes:Pushgateway"] = new Uri(pushgateway.Address, "/not-here/").ToString() });

        Assert.Equal(2, exit);
        Assert.Contains("/not-here/metrics/job/ambientverify-gate/target/local/", error);
        Assert.Contains("the Pushgateway answered 404 Not Found", error);
    }

    [Fact]
    public async Task A_pushgateway_value_that_is_not_a_url_is_said_without_echoing_it()
    {
        var (exit, _, error) = await GateAsync(LoopbackPorts.ClosedUrl(), "ambient", ["--pushgateway", $"ci:{Secret}@pushgateway:9091"]);

        Assert.Equal(2, exit);
        Assert.Contains("gate: metrics not pushed: --pushgateway is not an http(s) URL; the exit code is the gate's verdict, unchanged", error);
        Assert.DoesNotContain(Secret, error);
    }

    [Fact]
    public async Task Audit_pushes_its_group_under_its_own_job_and_the_clusters_namespace()
    {
        await using var api = await SeededCluster.StartAsync(Repository.Sample("ambient"));
        await using var pushgateway = await RealPushgateway.StartAsync(TestContext.Current.CancellationToken);
        var kubeconfig = Kubeconfigs.WithToken(_output.Path, api.Url, "audit-token");
        var output = Path.Combine(_output.Path, "out");

        var (exit, console) = await AuditConsole.RunAsync(() => ProbesCommandLine.Create()
            .Parse(["audit", "--kubeconfig", kubeconfig, "--output", output, "--pushgateway", pushgateway.Address.ToString()])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(exit == 0, console);
        Assert.Contains("metrics pushed to http://127.0.0.1:", console);
        Assert.Contains("/metrics/job/ambientverify-audit/target/cluster/namespace/ecommerce", console);
        Assert.True(File.Exists(Path.Combine(output, "metrics.prom")));
        var metrics = await pushgateway.MetricsAsync(TestContext.Current.CancellationToken);
        Assert.Contains("ambientverify_gate_exit_code{instance=\"\",job=\"ambientverify-audit\",mode=\"ambient\",namespace=\"ecommerce\",target=\"cluster\"} 0", metrics);
    }

    [Fact]
    public async Task Gate_help_says_a_failed_push_leaves_the_exit_code()
    {
        var (_, output, _) = await GateAsync(LoopbackPorts.ClosedUrl(), "ambient", ["--help"]);

        Assert.Contains("--pushgateway", output);
        Assert.Contains("does not change the exit code", output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal));
    }
}
