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

/// <summary>
/// A probes setting given to the AppHost that the probes refuse: the probes' own check refuses it, in their words,
/// before the AppHost starts any process.
/// </summary>
public sealed class InvalidProbesSettingGateTests
{
    [Theory]
    [InlineData("--Probes:MaxRps=100000", "check: max-rps must be above 0 and at most 100 (got 100000)")]
    [InlineData("--Probes:RequestTimeout=banana", "check: --request-timeout 'banana' is not a duration")]
    public async Task The_probes_words_reach_the_console_nothing_starts_and_no_report_is_claimed(string setting, string words)
    {
        var output = ScratchDirectory.NewPath("ambientverify-invalid-setting");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(3), "--gate", "--sample", "ambient", "--output", output, setting);

        Assert.Equal(GateExitCodes.CouldNotRun, run.ExitCode);
        Assert.Contains("a Probes setting is refused, nothing was started", run.Stderr);
        Assert.Contains(words, run.Stderr);
        // The gate announces its stand-ins just before it starts them: a refusal up front never gets there.
        Assert.DoesNotContain("ambientverify gate:", run.Stdout);
        Assert.DoesNotContain("reports in", run.Stdout);
        Assert.False(Directory.Exists(output), "a refused setting wrote an output folder");
        // Starting the sample's processes and waiting for the probes took about 10-20 s here; the check alone takes a
        // process start or two.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the refusal took {clock.Elapsed.TotalSeconds:0.0} s");
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

/// <summary>A malformed expectations file is refused by the probes' own reader before anything starts, naming file:line.</summary>
public sealed class MalformedExpectationsFileGateTests
{
    [Fact]
    public async Task A_malformed_expectations_file_exits_2_with_its_file_and_line_and_starts_nothing()
    {
        var output = ScratchDirectory.NewPath("ambientverify-malformed-expectations");
        var file = ScratchDirectory.NewPath("ambientverify-expectations") + ".yaml";
        File.WriteAllText(file, "routes:\n  - match: {name: reviews}\n   timeout: 15s\n");
        try
        {
            var run = await AppHostProcess.RunAsync(TimeSpan.FromMinutes(1), "--gate", "--expectations", file, "--output", output);

            Assert.Equal(GateExitCodes.CouldNotRun, run.ExitCode);
            Assert.Contains($"check: --expectations: {file}:3: YAML syntax error", run.Stderr);
            Assert.DoesNotContain("ambientverify gate:", run.Stdout);
            Assert.False(Directory.Exists(output), "a refused expectations file wrote an output folder");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
