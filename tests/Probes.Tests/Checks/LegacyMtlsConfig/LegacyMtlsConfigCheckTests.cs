using AmbientVerify.TestSupport;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Checks.LegacyMtlsConfig;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Checks.LegacyMtlsConfig;

public class LegacyMtlsConfigCheckTests
{
    private static async Task<IReadOnlyList<CheckResult>> CheckAsync(MeshManifests manifests, MeshMode expect)
    {
        using var http = new HttpClient();
        var (inspector, _) = await Meshes.InspectAsync(manifests, http);
        return await LegacyMtlsConfigCheck.RunAsync(inspector, new LegacyMtlsConfigOptions { Expect = expect }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Istio_mutual_destination_rule_left_in_ambient_fails_naming_it()
    {
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart"), Meshes.DestinationRule("cart", "ISTIO_MUTUAL"));

        var result = Assert.Single(await CheckAsync(manifests, MeshMode.Ambient));

        Assert.Equal((Verdict.Fail, new Subject("DestinationRule", "ecommerce/cart")), (result.Verdict, result.Subject));
        Assert.StartsWith("expected no DestinationRule with trafficPolicy.tls.mode ISTIO_MUTUAL after the migration; observed DestinationRule ecommerce/cart (mesh.yaml:", result.Message);
        Assert.Contains("Remedy: delete DestinationRule ecommerce/cart", result.Message);
    }

    [Fact]
    public async Task Destination_rule_with_another_tls_mode_is_not_legacy_mtls()
    {
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart"), Meshes.DestinationRule("cart", "SIMPLE"));

        Assert.Equal(Verdict.Pass, Assert.Single(await CheckAsync(manifests, MeshMode.Ambient)).Verdict);
    }

    [Fact]
    public async Task Corrected_ambient_sample_has_no_legacy_mtls_config()
    {
        var result = Assert.Single(await CheckAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), MeshMode.Ambient));

        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public async Task Sidecar_sample_expected_ambient_fails_once_per_istio_mutual_rule()
    {
        var results = await CheckAsync(MeshManifests.LoadDirectory(Repository.Sample("sidecar")), MeshMode.Ambient);

        Assert.Equal(6, results.Count(r => r.Verdict == Verdict.Fail));
    }

    [Fact]
    public async Task Istio_mutual_rules_are_fine_when_sidecars_are_expected()
    {
        var result = Assert.Single(await CheckAsync(MeshManifests.LoadDirectory(Repository.Sample("sidecar")), MeshMode.Sidecar));

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.StartsWith("6 ISTIO_MUTUAL DestinationRule(s), expected in sidecar mode", result.Message);
    }
}
