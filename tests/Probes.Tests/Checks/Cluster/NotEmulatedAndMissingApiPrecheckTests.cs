using AmbientVerify.Probes.Checks.Cluster;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Checks.Cluster;

public sealed class NotEmulatedAndMissingApiPrecheckTests
{
    [Fact]
    public async Task Every_object_read_but_not_emulated_is_one_gap_naming_it()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient");

        var results = NotEmulatedPrecheck.Judge(cluster);

        Assert.All(results, r => Assert.Equal((Verdict.Gap, ClusterPrecheckConstants.NotEmulatedCase.Id), (r.Verdict, r.CaseId)));
        Assert.Equal(
            ["AuthorizationPolicy ecommerce/allow-namespace-and-gateways", "AuthorizationPolicy ecommerce/require-jwt-for-writes",
             "EnvoyFilter ecommerce/gateway-auth-response", "EnvoyFilter ecommerce/gateway-ratelimit",
             "RequestAuthentication ecommerce/ecommerce-jwt", "Telemetry ecommerce/ecommerce-telemetry"],
            results.Select(r => r.Subject.ToString()));
        Assert.Contains("JWT validation needs a waypoint", results.Single(r => r.Subject.Kind == "RequestAuthentication").Message);
    }

    [Fact]
    public async Task Istios_crds_missing_is_an_error_with_the_words()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions { MissingGroups = ["security.istio.io"] });

        var result = Assert.Single(MissingApiPrecheck.Judge(cluster));

        Assert.Equal((Verdict.Error, ClusterPrecheckConstants.ApiServedCase.Id), (result.Verdict, result.CaseId));
        Assert.Contains("security.istio.io is not served (CRD not installed)", result.Message);
        Assert.Contains("install Istio", result.Message);
    }

    [Fact]
    public async Task The_gateway_api_missing_beside_an_istio_gateway_is_a_gap()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient", new SeededClusterOptions { MissingGroups = ["gateway.networking.k8s.io"] });
        var withIstioGateway = cluster with
        {
            Objects = [.. cluster.Objects, new AmbientVerify.Probes.Cluster.Reading.LiveObject(
                new("networking.istio.io", "Gateway", "istio-system", "ingress"), new System.Text.Json.Nodes.JsonObject(), false)],
        };

        Assert.Equal(Verdict.Error, Assert.Single(MissingApiPrecheck.Judge(cluster)).Verdict);
        Assert.Equal(Verdict.Gap, Assert.Single(MissingApiPrecheck.Judge(withIstioGateway)).Verdict);
    }

    [Fact]
    public async Task A_cluster_serving_everything_has_no_missing_api_result()
    {
        var cluster = await PrecheckScenario.ReadAsync("ambient");

        Assert.Empty(MissingApiPrecheck.Judge(cluster));
    }
}
