using System.Diagnostics;
using AmbientVerify.LoadTests.Cli;
using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.LoadTests.Tests.TestSupport;
using AmbientVerify.TestSupport;

namespace AmbientVerify.LoadTests.Tests.Cli;

/// <summary>The built LoadTests as its own process: SIGTERM (what Aspire and CI send; Ctrl+C takes the same path) ends the run cleanly.</summary>
public sealed class TerminationTests
{
    [Fact]
    public async Task Sigterm_stops_the_run_writes_partial_reports_and_exits_2()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var output = new TempDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "LoadTests.dll"), "--gateway", server.Url.ToString(), "--rate", "50",
                "--duration", "60s", "--warmup", "0s", "--output", output.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        // Started sending: the server has seen requests (polled on the real clock; this is an end-to-end test).
        for (var waited = 0; server.Requests < 20 && waited < 200; waited++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(server.Requests >= 20, "LoadTests did not start sending within 10 s");
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == LoadExitCode.RefusedOrInterrupted, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        var report = LoadReportFile.Read(Path.Combine(output.Path, LoadReportFile.JsonName));
        Assert.True(report.Interrupted);
        // Answered requests: the server's count includes sends the signal caught in flight.
        Assert.InRange(Assert.Single(report.Scenarios).Requests, 1, 1000);
        Assert.Contains("(interrupted: partial)", await stdout);
    }
}
