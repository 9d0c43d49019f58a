namespace AmbientVerify.AppHost.Tests;

/// <summary>One route's request timeout set to 20 s: only that route's timeout case may fail.</summary>
public sealed class WrongTimeoutGateTests
{
    [Fact]
    public async Task A_route_with_a_20s_request_timeout_fails_only_its_timeout_case()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        BrokenManifests.SetRequestTimeout(manifests, "order-service-route", "20s");

        var result = await GateHarness.RunAsync("--manifests", manifests);

        var failed = result.Cases.Where(c => c.GetProperty("verdict").GetString() == "fail").ToList();
        var only = Assert.Single(failed);
        Assert.Contains("order", only.GetProperty("route").GetString());
        Assert.Contains("ends at the request timeout", only.GetProperty("case").GetString());
        Assert.Contains("20s", only.GetProperty("message").GetString());
        Assert.Equal(GateExitCodes.Failed, result.ExitCode);
    }
}

/// <summary>A route whose backend Service does not exist must never pass (probed with --allow-missing-backends; without it the run stops first).</summary>
public sealed class MissingBackendGateTests
{
    [Fact]
    public async Task A_route_to_a_missing_service_never_passes_and_fails_the_gate()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        BrokenManifests.AddRouteToMissingService(manifests, "/api/ghosts", "ghost-service");

        var result = await GateHarness.RunAsync("--manifests", manifests, "--allow-missing-backends");

        // What is true of the route itself (it attaches, its fields are stored, a request reaches it) may pass;
        // that its backend resolves must fail naming the Service, and no behaviour case may pass.
        var ghostRouting = result.CasesOf("routing")
            .Where(c => c.GetProperty("route").GetString()!.Contains("ghost", StringComparison.Ordinal))
            .ToList();
        var unresolved = Assert.Single(ghostRouting, c => c.GetProperty("caseId").GetString() == "backends-resolved");
        Assert.Equal("fail", unresolved.GetProperty("verdict").GetString());
        Assert.Contains("BackendNotFound", unresolved.GetProperty("message").GetString());
        Assert.Contains("ghost-service", unresolved.GetProperty("message").GetString());

        var ghostBehaviour = result.Cases
            .Where(c => c.GetProperty("route").GetString()!.Contains("ghost", StringComparison.Ordinal)
                        && c.GetProperty("check").GetString() is not ("config-audit" or "routing"))
            .ToList();
        Assert.NotEmpty(ghostBehaviour);
        Assert.All(ghostBehaviour, c => Assert.NotEqual("pass", c.GetProperty("verdict").GetString()));
        Assert.NotEqual(GateExitCodes.Passed, result.ExitCode);
    }
}
