using AmbientVerify.TestSupport;
using System.Diagnostics;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// Stopping a gate in the middle of a run (a pipeline cancelling the job with SIGTERM; Ctrl+C takes the same path
/// through the host's lifetime): exit code 2 and nothing the AppHost started is left running. SIGTERM rather than
/// SIGINT because a CI job started in the background inherits SIGINT as ignored, and .NET keeps it ignored.
/// </summary>
public sealed class InterruptedGateTests
{
    [Fact]
    public async Task Stopping_a_gate_midway_stops_every_process_it_started_and_exits_2()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var appHost = StartAppHostGate();
        var started = await WaitForStandInsAsync(appHost, timeout.Token);

        Stop(appHost.Id);
        await appHost.WaitForExitAsync(timeout.Token);

        Assert.Equal(GateExitCodes.CouldNotRun, appHost.ExitCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (started.Any(p => ProcessTree.IsAlive(p.Pid)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, timeout.Token);
        }

        var leftBehind = started.Where(p => ProcessTree.IsAlive(p.Pid)).Select(p => $"{p.Pid} {p.Name}").ToList();
        Assert.Empty(leftBehind);
    }

    private static Process StartAppHostGate() =>
        AppHostProcess.Start("--gate", "--sample", "ambient", "--output", ScratchDirectory.NewPath("ambientverify-interrupted")).Process;

    /// <summary>Waits until the probes run under the AppHost, and returns every process it started by then.</summary>
    private static async Task<IReadOnlyList<ProcessTree.Member>> WaitForStandInsAsync(Process appHost, CancellationToken cancellationToken)
    {
        while (true)
        {
            Assert.False(appHost.HasExited, $"the AppHost exited early with code {(appHost.HasExited ? appHost.ExitCode : 0)}");
            var members = ProcessTree.StartedBy(appHost.Id);
            // In the middle of a run: the stand-ins, the gateway and the probes are all up.
            if (members.Any(p => p.Name.StartsWith("FaultTarget", StringComparison.Ordinal))
                && members.Any(p => p.Name.StartsWith("LocalMesh", StringComparison.Ordinal))
                && members.Any(p => p.Name.StartsWith("Probes", StringComparison.Ordinal)))
            {
                return members;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static void Stop(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
