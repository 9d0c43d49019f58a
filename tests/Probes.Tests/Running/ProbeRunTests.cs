using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmbientVerify.Probes.Tests.Running;

public class ProbeRunTests
{
    private static async Task<RunReport> RunAsync(Uri gateway, string manifests)
    {
        using var http = new HttpClient();
        var settings = new RunSettings(gateway, manifests, null, MeshMode.Ambient, "local", new ExpectationOptions(), new RunnerOptions());
        return await new ProbeRun(http, TimeProvider.System, NullLoggerFactory.Instance).ExecuteAsync(settings, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Unreachable_gateway_stops_the_run_with_a_clear_message_and_exit_2()
    {
        var gateway = Ports.Closed();

        var report = await RunAsync(gateway, Samples.Directory("ambient"));

        Assert.Contains($"gateway {gateway} is unreachable", report.Problem);
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
    }

    [Fact]
    public async Task Missing_manifests_directory_stops_the_run_with_exit_2()
    {
        var report = await RunAsync(Ports.Closed(), Path.Combine(Path.GetTempPath(), "no-such-manifests-" + Guid.NewGuid().ToString("N")));

        Assert.StartsWith("manifests could not be read", report.Problem);
        Assert.Equal(GateExitCode.Error, GateExitCode.For(report, strict: false));
    }
}
