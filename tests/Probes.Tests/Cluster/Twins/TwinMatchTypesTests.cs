using System.Text.Json.Nodes;
using AmbientVerify.Probes.Cluster.Twins;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>Each path type keeps its type under the twin prefix, a prefix rewrite is kept, and each match of a rule is its own twin.</summary>
public sealed class TwinMatchTypesTests
{
    private const string ReviewsRoute = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: reviews-route, namespace: ecommerce}
        spec:
          parentRefs: [{name: ecommerce-gateway}]
          rules:
            - matches:
                - path: {type: RegularExpression, value: "^/api/v[0-9]+/reviews$"}
                - path: {type: PathPrefix, value: /legacy/reviews}
              filters:
                - type: URLRewrite
                  urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /api/products}}
              backendRefs: [{name: product-service, port: 8080}]
        """;

    private static async Task<(TwinPlan Plan, JsonObject Regex, JsonObject Prefix)> PlanAsync(TwinScene scene)
    {
        var plan = await scene.PlanAsync();
        JsonObject Route(string name) => plan.Objects.Single(o => TwinKind.NameOf(o) == name);
        return (plan, Route($"av-{plan.Run.RunId}-reviews-route-0"), Route($"av-{plan.Run.RunId}-reviews-route-0-m1"));
    }

    [Fact]
    public async Task A_regular_expression_keeps_its_type_with_the_prefix_after_its_anchor_and_its_request_fits_it()
    {
        await using var scene = await TwinScene.StartAsync(("90-reviews.yaml", ReviewsRoute));
        var (plan, regex, _) = await PlanAsync(scene);

        var request = plan.Twins.Single(t => t.Name == TwinKind.NameOf(regex)).Target.Request!;
        var path = regex["spec"]!["rules"]![0]!["matches"]![0]!["path"]!;

        Assert.Equal(("RegularExpression", "^/__ambientverify/product-service/api/v[0-9]+/reviews$"), (path["type"]!.GetValue<string>(), path["value"]!.GetValue<string>()));
        Assert.Matches("^/__ambientverify/product-service/api/v[0-9]+/reviews$", request.Path);
    }

    [Fact]
    public async Task The_second_match_of_a_rule_is_a_twin_of_its_own_and_keeps_the_prefix_rewrite()
    {
        await using var scene = await TwinScene.StartAsync(("90-reviews.yaml", ReviewsRoute));
        var (plan, _, prefix) = await PlanAsync(scene);
        var rule = prefix["spec"]!["rules"]![0]!;

        Assert.Equal("""[{"path":{"type":"PathPrefix","value":"/__ambientverify/product-service/legacy/reviews"},"headers":[{"type":"Exact","name":"x-ambientverify-run","value":"SECRET"}]}]""",
            rule["matches"]!.ToJsonString().Replace(plan.Run.Secret, "SECRET", StringComparison.Ordinal));
        Assert.Equal("""[{"type":"URLRewrite","urlRewrite":{"path":{"type":"ReplacePrefixMatch","replacePrefixMatch":"/api/products"}}}]""", rule["filters"]!.ToJsonString());
        Assert.Equal(2, plan.Twins.Count(t => t.Original.Source.Name == "reviews-route"));
    }
}
