using System.Xml.Linq;
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
            .Parse(["gate", "--gateway", gateway.ToString(), "--manifests", Samples.Directory(sample), "--output", _output, .. extra])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Corrected_ambient_sample_behind_a_conforming_gateway_exits_0()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);

        Assert.Equal(0, await GateAsync(gateway.Address, "ambient", Gateways.ShortPolicyArguments));
    }

    [Fact]
    public async Task As_planned_sample_behind_a_gateway_that_never_retries_exits_1()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.NeverRetries);

        Assert.Equal(1, await GateAsync(gateway.Address, "ambient-as-planned", Gateways.ShortPolicyArguments));
    }

    [Fact]
    public async Task Unreachable_gateway_exits_2_and_still_writes_the_junit_error()
    {
        var exitCode = await GateAsync(Ports.Closed(), "ambient");

        Assert.Equal(2, exitCode);
        Assert.Equal("1", (string)XDocument.Load(Path.Combine(_output, "junit.xml")).Root!.Attribute("errors")!);
    }

    [Fact]
    public async Task Gate_writes_all_three_reports()
    {
        await GateAsync(Ports.Closed(), "ambient");

        Assert.All(new[] { "report.json", "junit.xml", "report.md" }, file => Assert.True(File.Exists(Path.Combine(_output, file)), file));
    }

    [Fact]
    public async Task Rate_above_the_hard_maximum_is_refused_with_exit_2()
    {
        Assert.Equal(2, await GateAsync(Ports.Closed(), "ambient", "--max-rps", "500"));
    }

    [Fact]
    public async Task Missing_gateway_option_exits_2()
    {
        var exitCode = await ProbesCommandLine.Create().Parse(["gate", "--manifests", Samples.Directory("ambient")])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
    }
}
