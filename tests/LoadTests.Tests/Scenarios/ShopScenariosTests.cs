using AmbientVerify.LoadTests.Scenarios;
using AmbientVerify.Manifests;
using AmbientVerify.TestSupport;

namespace AmbientVerify.LoadTests.Tests.Scenarios;

public sealed class ShopScenariosTests
{
    private static readonly ManifestTargets Ambient = ManifestTargets.Load(Repository.Sample("ambient"));

    [Fact]
    public void The_shop_scenario_of_the_ambient_sample_sends_to_all_six_routes_with_the_documented_weights()
    {
        var shop = ShopScenarios.From(Ambient.Targets);

        Assert.Equal("shop", shop.Name);
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["product-service-route"] = 40, ["store-service-route"] = 25, ["customer-service-route"] = 15,
                ["order-service-route"] = 10, ["payment-service-route"] = 5, ["saga-tracker-route"] = 5,
            },
            shop.Steps.ToDictionary(s => s.Name, s => s.Weight));
    }

    [Fact]
    public void Each_step_sends_its_routes_own_probe_request()
    {
        var shop = ShopScenarios.From(Ambient.Targets);

        foreach (var target in Ambient.Targets)
        {
            var step = Assert.Single(shop.Steps, s => s.Name == target.Route.Name);
            Assert.Equal((target.Request!.Method, target.Request.Host, target.Request.PathAndQuery()), (step.Method, step.Host, step.PathAndQuery));
        }
    }

    [Fact]
    public void A_weight_override_by_service_name_replaces_the_default()
    {
        var shop = ShopScenarios.From(Ambient.Targets, new Dictionary<string, int> { ["product-service"] = 50, ["order-service"] = 5 });

        Assert.Equal(50, shop.Steps.Single(s => s.Name == "product-service-route").Weight);
        Assert.Equal(5, shop.Steps.Single(s => s.Name == "order-service-route").Weight);
        Assert.Equal(25, shop.Steps.Single(s => s.Name == "store-service-route").Weight);
    }

    [Fact]
    public void A_weight_override_by_route_id_replaces_the_default()
    {
        var store = Ambient.Targets.Single(t => t.Route.Name == "store-service-route");

        var shop = ShopScenarios.From(Ambient.Targets, new Dictionary<string, int> { [store.Route.Id.ToString()] = 1 });

        Assert.Equal(1, shop.Steps.Single(s => s.Name == "store-service-route").Weight);
    }

    [Fact]
    public void A_weight_for_an_unknown_service_is_refused_with_the_known_names()
    {
        var error = Assert.Throws<ManifestException>(() => ShopScenarios.From(Ambient.Targets, new Dictionary<string, int> { ["basket-service"] = 10 }));

        Assert.StartsWith("--weight basket-service=10: no Service or route id of the gateway's routes is called basket-service; known: ", error.Message);
        Assert.Contains("product-service", error.Message);
    }

    [Fact]
    public void Per_route_scenarios_are_one_per_route_with_one_step_each()
    {
        var scenarios = ShopScenarios.PerRoute(Ambient.Targets);

        Assert.Equal(6, scenarios.Count);
        Assert.All(scenarios, s => Assert.Equal(s.Name, Assert.Single(s.Steps).Name));
    }
}
