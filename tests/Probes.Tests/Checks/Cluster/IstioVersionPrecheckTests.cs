using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Checks.Cluster;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Checks.Cluster;

public sealed class IstioVersionPrecheckTests
{
    [Theory]
    [InlineData("ambient", "docker.io/istio/pilot:1.26.2", Verdict.Pass, "Istio 1.26 (image docker.io/istio/pilot:1.26.2 of Deployment istio-system/istiod) honours HTTPRoute retry")]
    [InlineData("ambient", "docker.io/istio/pilot:1.25.0-distroless", Verdict.Pass, "honours HTTPRoute retry, which ecommerce/customer-service-route")]
    [InlineData("ambient", "docker.io/istio/pilot:1.24.3", Verdict.Fail, "expected Istio 1.25+ because ecommerce/customer-service-route")]
    [InlineData("ambient", "docker.io/istio/pilot:1.21.0", Verdict.Fail, "observed Istio 1.21 (image docker.io/istio/pilot:1.21.0")]
    [InlineData("ambient-as-planned", "docker.io/istio/pilot:1.24.3", Verdict.Pass, "no HTTPRoute uses retry")]
    [InlineData("ambient", "docker.io/istio/pilot:latest", Verdict.Error, "could not look: the Istio version could not be told (the image docker.io/istio/pilot:latest")]
    public async Task The_istiod_image_decides_whether_httproute_retry_is_honoured(string sample, string image, Verdict verdict, string words)
    {
        var cluster = await PrecheckScenario.ReadAsync(sample, new SeededClusterOptions { IstiodImage = image });

        var result = IstioVersionPrecheck.Judge(cluster, null);

        Assert.Equal((verdict, ClusterPrecheckConstants.IstioVersionCase.Id), (result.Verdict, result.CaseId));
        Assert.Contains(words, result.Message);
    }

    [Fact]
    public async Task Without_istiod_the_version_is_an_error_not_a_pass()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions { WithoutIstiod = true });

        var result = IstioVersionPrecheck.Judge(cluster, null);

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Contains("no Deployment labelled app=istiod in any namespace", result.Message);
        Assert.Contains("pass --istio-version", result.Message);
    }

    [Fact]
    public async Task The_override_decides_and_the_live_version_is_named_beside_it()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions { IstiodImage = "docker.io/istio/pilot:1.24.3" });

        var result = IstioVersionPrecheck.Judge(cluster, IstioVersion.Parse("1.25"));

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Contains("--istio-version 1.25 (the cluster's istiod says 1.24.3)", result.Message);
    }
}
