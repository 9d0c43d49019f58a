using AmbientVerify.TestSupport;
using System.Text.Json;
using System.Xml.Linq;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>The gate verb end to end: sample manifests, a loopback gateway, reports on disk, the exit code.</summary>
public class GateCommandTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "probes-gate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    private Task<int> GateAsync(Uri gateway, string sample, params string[] extra) =>
        ProbesCommandLine.Create()
            .Parse(["gate", "--gateway", gateway.ToString(), "--manifests", Repository.Sample(sample), "--output", _output, .. extra])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Corrected_ambient_sample_behind_a_conforming_gateway_and_ztunnel_exits_0()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);
        await using var pod = FakePod.Refusing();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), pod);

        Assert.Equal(0, await GateAsync(gateway.Address, "ambient", [.. Gateways.ShortPolicyArguments, "--dataplane-admin", ztunnel.Address.ToString()]));
    }

    [Fact]
    public async Task Without_dataplane_admin_the_mesh_checks_are_errors_and_the_gate_exits_2()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);

        var exitCode = await GateAsync(gateway.Address, "ambient", Gateways.ShortPolicyArguments);

        Assert.Equal(2, exitCode);
        var verdicts = ResultsOf("mtls").Concat(ResultsOf("plaintext")).Select(r => r.GetProperty("verdict").GetString()).Distinct();
        Assert.Equal(["error"], verdicts);
    }

    [Fact]
    public async Task Ambient_sample_whose_pods_answer_plaintext_exits_1_with_the_plaintext_check_failing()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);
        await using var pod = FakePod.Answering();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), pod);

        var exitCode = await GateAsync(gateway.Address, "ambient", [.. Gateways.ShortPolicyArguments, "--dataplane-admin", ztunnel.Address.ToString()]);

        Assert.Equal(1, exitCode);
        Assert.All(ResultsOf("plaintext"), r => Assert.Equal("fail", r.GetProperty("verdict").GetString()));
        Assert.Equal(18, ResultsOf("plaintext").Count);
    }

    [Fact]
    public async Task Dataplane_admin_that_is_not_a_url_is_refused_with_exit_2()
    {
        Assert.Equal(2, await GateAsync(LoopbackPorts.ClosedUrl(), "ambient", "--dataplane-admin", "ztunnel:15000"));
    }

    [Fact]
    public async Task Output_folder_that_cannot_be_created_exits_2_even_when_every_check_passes()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);
        await using var pod = FakePod.Refusing();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), pod);
        var blocker = Path.GetTempFileName();
        try
        {
            var exitCode = await ProbesCommandLine.Create()
                .Parse(["gate", "--gateway", gateway.Address.ToString(), "--manifests", Repository.Sample("ambient"), "--output", Path.Combine(blocker, "reports"),
                    .. Gateways.ShortPolicyArguments, "--dataplane-admin", ztunnel.Address.ToString()])
                .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(2, exitCode);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private List<JsonElement> ResultsOf(string check) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "report.json"))).RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("check").GetString() == check)
            .ToList();

    [Fact]
    public async Task As_planned_sample_behind_a_gateway_that_never_retries_exits_1()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.NeverRetries);
        await using var pod = FakePod.Refusing();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient-as-planned")), pod);

        Assert.Equal(1, await GateAsync(gateway.Address, "ambient-as-planned", [.. Gateways.ShortPolicyArguments, "--dataplane-admin", ztunnel.Address.ToString()]));
    }

    [Fact]
    public async Task Unreachable_gateway_exits_2_and_still_writes_the_junit_error()
    {
        var exitCode = await GateAsync(LoopbackPorts.ClosedUrl(), "ambient");

        Assert.Equal(2, exitCode);
        Assert.Equal("1", (string)XDocument.Load(Path.Combine(_output, "junit.xml")).Root!.Attribute("errors")!);
    }

    [Fact]
    public async Task Gate_writes_all_three_reports()
    {
        await GateAsync(LoopbackPorts.ClosedUrl(), "ambient");

        Assert.All(new[] { "report.json", "junit.xml", "report.md", "report.html" }, file => Assert.True(File.Exists(Path.Combine(_output, file)), file));
    }

    [Fact]
    public async Task Rate_above_the_hard_maximum_is_refused_with_exit_2()
    {
        Assert.Equal(2, await GateAsync(LoopbackPorts.ClosedUrl(), "ambient", "--max-rps", "500"));
    }

    [Fact]
    public async Task Missing_gateway_option_exits_2()
    {
        var exitCode = await ProbesCommandLine.Create().Parse(["gate", "--manifests", Repository.Sample("ambient")])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
    }
}
