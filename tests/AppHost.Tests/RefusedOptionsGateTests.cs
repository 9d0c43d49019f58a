namespace AmbientVerify.AppHost.Tests;

// One class per AppHost run so xunit runs them in parallel.

/// <summary>A typo in an option must not run a gate that ignores it.</summary>
public sealed class UnknownOptionGateTests
{
    [Fact]
    public async Task An_unknown_option_exits_2_with_the_usage_and_starts_nothing()
    {
        var output = ScratchDirectory.NewPath("ambientverify-unknown-option");

        var run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(1), "--gate", "--frobnicate", "--output", output);

        Assert.Equal(GateExitCodes.CouldNotRun, run.ExitCode);
        Assert.Contains("Unknown option '--frobnicate'.", run.Stderr);
        Assert.Contains("usage: dotnet run --project AppHost", run.Stderr);
        Assert.False(Directory.Exists(output), "a refused command line wrote an output folder");
    }
}

/// <summary>A probes setting given to the AppHost that the probes refuse: their words reach the AppHost's console.</summary>
public sealed class InvalidProbesSettingGateTests
{
    [Fact]
    public async Task The_probes_refusal_reaches_the_console_and_no_report_is_claimed()
    {
        var output = ScratchDirectory.NewPath("ambientverify-invalid-setting");

        var run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(3), "--gate", "--sample", "ambient", "--output", output, "--Probes:MaxRps=100000");

        Assert.Equal(GateExitCodes.CouldNotRun, run.ExitCode);
        Assert.Contains("max-rps must be above 0 and at most 100 (got 100000)", run.Stderr);
        Assert.Contains("no report was written", run.Stdout);
        Assert.DoesNotContain("reports in", run.Stdout);
    }
}

/// <summary>A mistyped expectations file must stop the gate before anything starts, not judge every route by the plan.</summary>
public sealed class MissingExpectationsFileGateTests
{
    [Fact]
    public async Task A_missing_expectations_file_exits_2_naming_it_and_starts_nothing()
    {
        var output = ScratchDirectory.NewPath("ambientverify-missing-expectations");

        // AppHostProcess runs from the repository root: a relative path is read from there.
        var run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(1), "--gate", "--expectations", "missing.yaml", "--output", output);

        Assert.Equal(GateExitCodes.CouldNotRun, run.ExitCode);
        Assert.Contains($"--expectations: no such file: {Path.Combine(AmbientVerify.TestSupport.Repository.Root, "missing.yaml")}", run.Stderr);
        Assert.False(Directory.Exists(output), "a refused command line wrote an output folder");
    }
}
