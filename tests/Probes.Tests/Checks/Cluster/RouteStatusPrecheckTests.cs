using AmbientVerify.Probes.Checks.Cluster;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Checks.Cluster;

public sealed class RouteStatusPrecheckTests
{
    [Fact]
    public async Task Every_route_of_the_main_gateway_accepted_passes()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient");

        var results = RouteStatusPrecheck.Judge(cluster, PrecheckScenario.MainGateway(cluster));

        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.Equal(Verdict.Pass, r.Verdict));
        Assert.DoesNotContain(results, r => r.Subject.Name == "ecommerce/payment-webhook-route");
    }

    [Fact]
    public async Task A_route_not_accepted_fails_with_the_conditions_reason_and_message()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions
        {
            RouteNotAccepted = ("ecommerce/order-service-route", "NotAllowedByListeners", "No listener allows routes from namespace ecommerce"),
        });

        var results = RouteStatusPrecheck.Judge(cluster, PrecheckScenario.MainGateway(cluster));

        var failed = Assert.Single(results, r => r.Verdict != Verdict.Pass);
        Assert.Equal(("HTTPRoute ecommerce/order-service-route", Verdict.Fail, ClusterPrecheckConstants.RouteAcceptedCase.Id), (failed.Subject.ToString(), failed.Verdict, failed.CaseId));
        Assert.Contains("observed Accepted=False reason NotAllowedByListeners: No listener allows routes from namespace ecommerce", failed.Message);
    }

    [Fact]
    public async Task A_route_without_status_for_the_gateway_fails()
    {
        await using var api = await SeededCluster.StartAsync(AmbientVerify.TestSupport.Repository.Sample("ambient"));
        api.Update("gateway.networking.k8s.io", "httproutes", "ecommerce", "store-service-route", r => r.Remove("status"));
        var cluster = await AmbientVerify.Probes.Tests.Cluster.SeededReading.ReadAsync(api);

        var failed = Assert.Single(RouteStatusPrecheck.Judge(cluster, PrecheckScenario.MainGateway(cluster)), r => r.Verdict != Verdict.Pass);

        Assert.Equal(Verdict.Fail, failed.Verdict);
        Assert.Contains("observed no status for that parent (no controller has taken the route)", failed.Message);
    }
}
