namespace AmbientVerify.AppHost.Tests;

// One class per AppHost run so xunit runs them in parallel: each waits for the real 30 s request timeout.

/// <summary>The before-state: VirtualServices bound to the gateway carry the legacy policy.</summary>
public sealed class SidecarSampleGateTests
{
    [Fact]
    public async Task Sidecar_sample_passes_every_case_with_no_gap()
    {
        var result = await GateHarness.RunAsync("--sample", "sidecar");

        Assert.Contains(result.Cases, c => c.GetProperty("check").GetString() == "mtls");
        var notPassed = result.Cases.Where(c => c.GetProperty("verdict").GetString() != "pass")
            .Select(c => $"{c.GetProperty("route")} / {c.GetProperty("case")}: {c.GetProperty("verdict")} {c.GetProperty("message")}")
            .ToList();
        Assert.True(notPassed.Count == 0, string.Join(Environment.NewLine, notPassed));
        Assert.Equal(GateExitCodes.Passed, result.ExitCode);
    }
}

/// <summary>The corrected translation: spec.rules[].retry with codes, timeouts.request 30s.</summary>
public sealed class AmbientSampleGateTests
{
    [Fact]
    public async Task Ambient_sample_passes_status_retries_and_timeout_and_reports_reset_and_stalled_try_as_gaps()
    {
        var result = await GateHarness.RunAsync("--sample", "ambient");

        var meshChecks = result.Cases.Where(c => c.GetProperty("check").GetString() is "capture" or "mtls" or "plaintext" or "legacy-mtls-config").ToList();
        Assert.NotEmpty(meshChecks);
        Assert.All(meshChecks, c => Assert.True(c.GetProperty("verdict").GetString() == "pass",
            $"{c.GetProperty("check")} {c.GetProperty("route")} / {c.GetProperty("case")}: {c.GetProperty("message")}"));
        var matrix = result.CasesOf("behaviour-matrix");
        Assert.NotEmpty(matrix);
        foreach (var c in matrix)
        {
            var name = c.GetProperty("case").GetString()!;
            var expected = IsHttpRouteGap(name) ? "gap" : "pass";
            Assert.True(expected == c.GetProperty("verdict").GetString(),
                $"{c.GetProperty("route")} / {name}: expected {expected}, got {c.GetProperty("verdict")}: {c.GetProperty("message")}");
        }

        Assert.Equal(GateExitCodes.Passed, result.ExitCode);
    }

    private static bool IsHttpRouteGap(string caseName) =>
        caseName.Contains("reset", StringComparison.OrdinalIgnoreCase)
        || caseName.Contains("stalled try", StringComparison.OrdinalIgnoreCase)
        || caseName.Contains("tried 3 times", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Exactly the plan: retry.istio.io annotations (which Istio does not read) and timeouts.request 30s.</summary>
public sealed class AmbientAsPlannedSampleGateTests
{
    [Fact]
    public async Task Ambient_as_planned_sample_fails_status_retries_naming_the_ignored_annotation()
    {
        var result = await GateHarness.RunAsync("--sample", "ambient-as-planned");

        var statusRetries = result.Cases
            .Where(c => c.GetProperty("case").GetString()!.Contains("is retried until success", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(statusRetries);
        Assert.All(statusRetries, c =>
        {
            Assert.Equal("fail", c.GetProperty("verdict").GetString());
            Assert.Contains("retry.istio.io", c.GetProperty("message").GetString());
        });
        var timeouts = result.Cases
            .Where(c => c.GetProperty("case").GetString()!.Contains("ends at the request timeout", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(timeouts);
        Assert.All(timeouts, c => Assert.Equal("pass", c.GetProperty("verdict").GetString()));
        Assert.Equal(GateExitCodes.Failed, result.ExitCode);
    }
}
