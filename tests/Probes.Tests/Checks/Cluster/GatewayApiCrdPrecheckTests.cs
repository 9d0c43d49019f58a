using AmbientVerify.Probes.Checks.Cluster;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Checks.Cluster;

public sealed class GatewayApiCrdPrecheckTests
{
    [Fact]
    public async Task Experimental_crds_declare_retry_and_pass()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient");

        var result = GatewayApiCrdPrecheck.Judge(cluster, null);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Contains("channel experimental, bundle v1.3.0", result.Message);
    }

    [Fact]
    public async Task Standard_crds_fail_naming_the_routes_whose_retry_was_pruned()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions { GatewayApiChannel = "standard" });

        var result = GatewayApiCrdPrecheck.Judge(cluster, null);

        Assert.Equal((Verdict.Fail, ClusterPrecheckConstants.CrdChannelCase.Id), (result.Verdict, result.CaseId));
        Assert.Contains("because ecommerce/customer-service-route", result.Message);
        Assert.Contains("(channel standard, bundle v1.3.0) without it: the API server pruned retry from ecommerce/customer-service-route", result.Message);
        Assert.Contains("experimental-install.yaml", result.Remedy);
    }

    [Fact]
    public async Task Standard_crds_pass_when_no_route_uses_retry()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient-as-planned", new SeededClusterOptions { GatewayApiChannel = "standard" });

        Assert.Equal(Verdict.Pass, GatewayApiCrdPrecheck.Judge(cluster, null).Verdict);
    }

    [Fact]
    public async Task No_httproute_crd_while_routes_exist_is_an_error()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions { WithoutGatewayApiCrds = true });

        var result = GatewayApiCrdPrecheck.Judge(cluster, null);

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Contains("no CustomResourceDefinition httproutes.gateway.networking.k8s.io", result.Message);
    }
}
