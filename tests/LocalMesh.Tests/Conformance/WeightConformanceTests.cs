namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// Weighted backends as the Gateway API conformance suite checks them (v1.6.1 <c>httproute-weight</c>: 70/30/0;
/// <c>httproute-request-header-modifier-backend-weights</c>: each backend's own header edits). The suite samples
/// the distribution statistically; here the gateway's dice are scripted, so each row knows where a request goes.
/// Envoy's weighted clusters pick backend i when the draw falls in its share of the total weight (Istio leaves
/// weight-0 backends out: <c>conversion.go</c> <c>buildHTTPDestination</c>).
/// </summary>
public sealed class WeightConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private const string Weighted = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: weighted-backends, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - backendRefs:
            - {name: infra-backend-v1, port: 8080, weight: 70}
            - {name: infra-backend-v2, port: 8080, weight: 30}
            - {name: infra-backend-v3, port: 8080, weight: 0}
        """;

    [Theory]
    [InlineData("HTTPRouteWeight/draw-0.00", 0.00, "infra-backend-v1")]
    [InlineData("HTTPRouteWeight/draw-0.69", 0.69, "infra-backend-v1")]
    [InlineData("HTTPRouteWeight/draw-0.70", 0.70, "infra-backend-v2")]
    [InlineData("HTTPRouteWeight/draw-0.99", 0.99, "infra-backend-v2")]
    public async Task HTTPRouteWeight_each_draw_lands_in_its_backend_share(string @case, double draw, string expected)
    {
        var gateway = await gateways.GetAsync(Weighted, scripted: true);
        gateways.Random.Script(draw);

        using var response = await gateway.SendAsync("GET", "/");

        await ConformanceExpect.BackendAsync(@case, response, expected);
        Assert.Equal(0, gateways.Random.Left);
    }

    [Fact]
    public async Task HTTPRouteWeight_a_uniform_sweep_splits_70_30_and_weight_0_never_receives_traffic()
    {
        var gateway = await gateways.GetAsync(Weighted, scripted: true);
        var counts = new Dictionary<string, int> { ["infra-backend-v1"] = 0, ["infra-backend-v2"] = 0, ["infra-backend-v3"] = 0 };

        for (var i = 0; i < 100; i++)
        {
            gateways.Random.Script(i / 100.0);
            using var response = await gateway.SendAsync("GET", "/");
            var echoed = await ConformanceExpect.BackendAsync($"HTTPRouteWeight/sweep-{i}", response, i < 70 ? "infra-backend-v1" : "infra-backend-v2");
            counts[echoed.Service]++;
        }

        Assert.Equal(new Dictionary<string, int> { ["infra-backend-v1"] = 70, ["infra-backend-v2"] = 30, ["infra-backend-v3"] = 0 }, counts);
        Assert.Empty(gateway.Backends["infra-backend-v3"].Received);
    }

    private const string BackendWeights = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: request-header-modifier-backend-weights, namespace: gateway-conformance-infra}
        spec:
          parentRefs: [{name: same-namespace}]
          rules:
          - backendRefs:
            - name: infra-backend-v1
              port: 8080
              weight: 10
              filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: Backend, value: infra-backend-v1}]}}]
            - name: infra-backend-v2
              port: 8080
              weight: 10
              filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: Backend, value: infra-backend-v2}]}}]
        """;

    [Theory]
    [InlineData("HTTPRouteRequestHeaderModifierBackendWeights/draw-0.25", 0.25, "infra-backend-v1")]
    [InlineData("HTTPRouteRequestHeaderModifierBackendWeights/draw-0.75", 0.75, "infra-backend-v2")]
    // Negative: the other backend's edit is not applied, even when the client sends the header itself.
    [InlineData("HTTPRouteRequestHeaderModifierBackendWeights/client-header", 0.75, "infra-backend-v2", "Backend: infra-backend-v1")]
    public async Task HTTPRouteRequestHeaderModifierBackendWeights(string @case, double draw, string expected, string headers = "")
    {
        var gateway = await gateways.GetAsync(BackendWeights, scripted: true);
        gateways.Random.Script(draw);

        using var response = await gateway.SendAsync("GET", "/", headers);

        var echoed = await ConformanceExpect.BackendAsync(@case, response, expected);
        ConformanceExpect.RequestHeader(@case, echoed, "Backend", expected);
    }
}
