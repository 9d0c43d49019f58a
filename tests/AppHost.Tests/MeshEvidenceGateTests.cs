namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// One ambient mesh broken three ways at once, one workload each, so a single AppHost run shows every check
/// failing for its own reason while the untouched workloads still pass:
/// customer-service asks for a sidecar in the ambient namespace, order-service opts out of ztunnel, and
/// payment-service is PERMISSIVE through a workload PeerAuthentication.
/// </summary>
public sealed class BrokenDataplaneRun : IAsyncLifetime
{
    public GateHarness.GateResult Result { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        BrokenManifests.AddPodTemplateAnnotation(manifests, "customer-service", "sidecar.istio.io/inject", "true");
        BrokenManifests.AddPodTemplateLabel(manifests, "order-service", "istio.io/dataplane-mode", "none");
        BrokenManifests.AddWorkloadPeerAuthentication(manifests, "payment-service", "PERMISSIVE");
        Result = await GateHarness.RunAsync("--manifests", manifests);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class BrokenDataplaneGateTests(BrokenDataplaneRun run) : IClassFixture<BrokenDataplaneRun>
{
    private IEnumerable<System.Text.Json.JsonElement> Failed(string check, string workload) =>
        run.Result.CasesOf(check).Where(c => c.GetProperty("verdict").GetString() == "fail"
            && (c.GetProperty("route").GetString() + " " + c.GetProperty("message").GetString()).Contains(workload, StringComparison.Ordinal));

    [Fact]
    public void A_sidecar_injected_workload_in_the_ambient_namespace_fails_capture_naming_the_annotation()
    {
        var failed = Failed("capture", "customer-service").ToList();

        Assert.NotEmpty(failed);
        Assert.Contains(failed, c => c.GetProperty("message").GetString()!.Contains("sidecar.istio.io/inject", StringComparison.Ordinal));
    }

    [Fact]
    public void A_workload_that_bypasses_ztunnel_fails_the_mtls_evidence()
    {
        Assert.NotEmpty(Failed("mtls", "order-service"));
    }

    [Fact]
    public void A_permissive_workload_answers_plaintext_and_fails_naming_its_PeerAuthentication()
    {
        var failed = Failed("plaintext", "payment-service").ToList();

        Assert.NotEmpty(failed);
        Assert.Contains(failed, c => c.GetProperty("message").GetString()!.Contains("payment-service-permissive", StringComparison.Ordinal));
    }

    [Fact]
    public void Untouched_workloads_pass_every_mesh_check()
    {
        string[] meshChecks = ["capture", "mtls", "plaintext"];
        var untouched = meshChecks.SelectMany(run.Result.CasesOf)
            .Where(c => (c.GetProperty("route").GetString() + " " + c.GetProperty("message").GetString()).Contains("product-service", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(untouched);
        Assert.All(untouched, c => Assert.True(c.GetProperty("verdict").GetString() == "pass", c.GetProperty("message").GetString()));
    }

    [Fact]
    public void The_gate_fails()
    {
        Assert.Equal(GateExitCodes.Failed, run.Result.ExitCode);
    }
}

/// <summary>The namespace has lost its ambient label: nothing is captured.</summary>
public sealed class UnlabelledNamespaceGateTests
{
    [Fact]
    public async Task A_namespace_without_the_ambient_label_fails_capture_naming_the_label()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        BrokenManifests.RemoveNamespaceLabel(manifests, "istio.io/dataplane-mode: ambient");

        var result = await GateHarness.RunAsync("--manifests", manifests);

        var failed = result.CasesOf("capture").Where(c => c.GetProperty("verdict").GetString() == "fail").ToList();
        Assert.NotEmpty(failed);
        Assert.Contains(failed, c => c.GetProperty("message").GetString()!.Contains("istio.io/dataplane-mode", StringComparison.Ordinal));
        Assert.Equal(GateExitCodes.Failed, result.ExitCode);
    }
}

/// <summary>
/// The migration not done at all: the sidecar sample checked as if it were ambient. Every pod still has its
/// sidecar, so capture fails for every workload, and the legacy objects are named.
/// </summary>
public sealed class SidecarsLeftBehindGateTests
{
    [Fact]
    public async Task The_sidecar_sample_expected_as_ambient_fails_capture_for_every_workload_and_names_the_legacy_objects()
    {
        var result = await GateHarness.RunAsync("--sample", "sidecar", "--expect", "ambient");

        Assert.Equal(GateExitCodes.Failed, result.ExitCode);
        string[] deployments = ["customer-service", "order-service", "payment-service", "product-service", "saga-tracker", "store-service"];
        var failedCapture = result.CasesOf("capture").Where(c => c.GetProperty("verdict").GetString() == "fail").ToList();
        Assert.All(deployments, deployment => Assert.Contains(failedCapture,
            c => c.GetProperty("route").GetString() == $"Deployment ecommerce/{deployment}"
                && c.GetProperty("message").GetString()!.Contains("protocol TCP (not captured)", StringComparison.Ordinal)));
        Assert.Contains(failedCapture, c => c.GetProperty("message").GetString()!.Contains("istio-injection=enabled", StringComparison.Ordinal));
        Assert.Contains(result.CasesOf("legacy-mtls-config"), c => c.GetProperty("verdict").GetString() == "fail"
            && c.GetProperty("message").GetString()!.Contains("ISTIO_MUTUAL", StringComparison.Ordinal));
        Assert.Contains(result.CasesOf("config-audit"), c => c.GetProperty("verdict").GetString() == "fail"
            && c.GetProperty("route").GetString() == "VirtualService ecommerce/order-service");
    }
}
