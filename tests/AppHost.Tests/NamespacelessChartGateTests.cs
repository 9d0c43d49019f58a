namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// `helm template … -n ecommerce` output without the Namespace object: the run assumes the labels --expect needs,
/// every other check runs as usual, and the report says what was assumed instead of stopping with exit 2.
/// </summary>
public sealed class NamespacelessChartGateTests
{
    [Fact]
    public async Task The_gate_gives_a_verdict_and_reports_the_assumed_labels_as_gaps()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        File.Delete(Path.Combine(manifests, "01-namespace.yaml"));

        var result = await GateHarness.RunAsync("--manifests", manifests);

        var assumed = result.Cases.Where(c => c.GetProperty("route").GetString() == "Namespace ecommerce").ToList();
        Assert.Equal(["capture gap", "config-audit gap"], assumed.Select(c => $"{c.GetProperty("check").GetString()} {c.GetProperty("verdict").GetString()}").Order());
        Assert.All(assumed, c => Assert.Contains("the run assumed it labelled istio.io/dataplane-mode=ambient", c.GetProperty("message").GetString()));
        // The workloads are captured as the assumption says, and nothing else is an error.
        Assert.All(result.CasesOf("capture").Where(c => c.GetProperty("route").GetString()!.StartsWith("Deployment", StringComparison.Ordinal)),
            c => Assert.Equal("pass", c.GetProperty("verdict").GetString()));
        Assert.DoesNotContain(result.Cases, c => c.GetProperty("verdict").GetString() == "error");
        Assert.Equal(GateExitCodes.Passed, result.ExitCode);
    }
}
