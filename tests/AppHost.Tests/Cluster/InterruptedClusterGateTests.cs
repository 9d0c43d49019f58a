using System.Diagnostics;
using System.Globalization;

namespace AmbientVerify.AppHost.Tests.Cluster;

/// <summary>
/// A cluster gate that does not end normally, on the local mesh dressed as a cluster (its own, so these run beside
/// <see cref="LocalMeshAsClusterGateTests"/>): killed with SIGKILL, its twins stay until a later run sweeps them once
/// they expire; stopped with SIGTERM during the matrix (what a deleted Job pod or a cancelled pipeline gets; Ctrl+C takes the same path in System.CommandLine, but a background job inherits SIGINT ignored, so the test sends SIGTERM), it deletes them itself and says it was interrupted.
/// </summary>
public sealed class InterruptedClusterGateTests(ClusterDressedLocalMesh mesh) : IClassFixture<ClusterDressedLocalMesh>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_killed_runs_twins_are_left_until_a_later_run_sweeps_them_after_their_expiry()
    {
        List<string> leftovers;
        using (var killed = ClusterGateProcess.Start(mesh, "killed", "--twin-expiry", "1s"))
        {
            await UntilAsync(() => Of("killed").Any(o => o.StartsWith("HTTPRoute ", StringComparison.Ordinal)), killed, TimeSpan.FromMinutes(2));
            killed.Process.Kill(); // SIGKILL: no clean-up runs
            await killed.Process.WaitForExitAsync(Ct);
            Assert.Equal(137, killed.Process.ExitCode);
            leftovers = [.. Of("killed")];
        }

        Assert.Contains(leftovers, o => o.StartsWith("Deployment ", StringComparison.Ordinal));
        Assert.Contains(leftovers, o => o.StartsWith("Service ", StringComparison.Ordinal));
        Assert.NotEmpty(mesh.Mirror.Files());
        await Task.Delay(TimeSpan.FromSeconds(2), Ct); // past their expiry (creation + 1 s, in whole seconds)

        using var sweeper = ClusterGateProcess.Start(mesh, "sweeper", "--twin-expiry", "1s");
        var (exitCode, report) = await sweeper.WaitAsync(TimeSpan.FromMinutes(4));
        Assert.True(report is not null, $"no report.json (exit code {exitCode}):\n{sweeper.Log}");
        var result = new GateHarness.GateResult(exitCode, report, sweeper.Output);
        var swept = Assert.Single(result.CasesOf("twin-routes"), c => c.GetProperty("caseId").GetString() == "leftovers-swept");
        Assert.Equal("pass", swept.GetProperty("verdict").GetString());
        var message = swept.GetProperty("message").GetString()!;
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"removed {leftovers.Count} expired leftover(s): "), message);
        foreach (var leftover in leftovers)
        {
            var name = leftover[(leftover.IndexOf(' ') + 1)..];
            Assert.Contains($"{name} of run killed (expired ", message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("left alone", message, StringComparison.Ordinal);

        Assert.Equal("pass", Assert.Single(result.CasesOf("twin-routes"), c => c.GetProperty("caseId").GetString() == "objects-removed").GetProperty("verdict").GetString());
        Assert.True(exitCode == GateExitCodes.Passed, $"exit code {exitCode}:\n{sweeper.Log}");
        Assert.Empty(mesh.HarnessObjects());
        Assert.Empty(mesh.Mirror.Files());
    }

    [Fact]
    public async Task Sigterm_during_the_matrix_ends_the_run_with_its_twins_deleted_and_says_it_was_interrupted()
    {
        using var gate = ClusterGateProcess.Start(mesh, "sigterm");
        // Every twin route created, then the convergence (well under a second here): the matrix is running.
        await UntilAsync(() => Of("sigterm").Count(o => o.StartsWith("HTTPRoute ", StringComparison.Ordinal)) == 6, gate, TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        Assert.False(gate.Process.HasExited, $"the gate ended before the SIGTERM:\n{gate.Log}");

        var stopped = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", gate.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        var (exitCode, report) = await gate.WaitAsync(TimeSpan.FromMinutes(1));
        var afterSigterm = stopped.Elapsed;
        Assert.True(report is not null, $"no report.json (exit code {exitCode}):\n{gate.Log}");
        Assert.True(exitCode == GateExitCodes.CouldNotRun, $"exit code {exitCode}:\n{gate.Log}");
        // It stopped the matrix rather than finishing it: the stalled requests alone take 30 s each.
        Assert.True(afterSigterm < TimeSpan.FromSeconds(20), $"the gate took {afterSigterm.TotalSeconds:0.0}s to end after SIGTERM");
        var problem = report.RootElement.GetProperty("problem").GetString();
        Assert.Equal("interrupted before the end: removed 13 object(s) of run sigterm", problem);
        var result = new GateHarness.GateResult(exitCode, report, gate.Output);
        Assert.Equal("pass", Assert.Single(result.CasesOf("twin-routes"), c => c.GetProperty("caseId").GetString() == "objects-removed").GetProperty("verdict").GetString());
        Assert.Empty(mesh.HarnessObjects());
        Assert.Empty(mesh.Mirror.Files());
    }

    /// <summary>The harness's objects of one run, as "Kind namespace/name".</summary>
    private IReadOnlyList<string> Of(string runId) =>
        [.. mesh.HarnessObjects().Where(o => o[(o.IndexOf('/') + 1)..].StartsWith($"av-{runId}-", StringComparison.Ordinal))];

    private static async Task UntilAsync(Func<bool> condition, ClusterGateProcess gate, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(gate.Process.HasExited, $"the gate ended first (exit code {(gate.Process.HasExited ? gate.Process.ExitCode : 0)}):\n{gate.Log}");
            Assert.True(deadline.Elapsed < within, $"not within {within}:\n{gate.Log}");
            await Task.Delay(50, Ct);
        }
    }
}
