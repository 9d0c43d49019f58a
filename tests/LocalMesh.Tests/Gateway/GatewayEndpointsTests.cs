using System.Net;
using System.Text.Json;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests.Model;
using static AmbientVerify.TestSupport.Routes;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

public sealed class GatewayEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mesh_routes_shows_each_route_with_its_translated_policy_and_ignored_annotations()
    {
        var route = HttpRoute(
            retry: new HttpRouteRetry(3, [500, 503], null),
            timeouts: new HttpRouteTimeouts(S(30), null),
            annotations: new Dictionary<string, string> { ["retry.istio.io/attempts"] = "3" });
        await using var gateway = await GatewayHost.StartAsync([route], new Dictionary<string, Uri> { [Backend] = new("http://127.0.0.1:5999") });

        using var document = JsonDocument.Parse(await gateway.Client.GetStringAsync(MeshRoutesEndpoint.Path, Ct));

        var host = document.RootElement.GetProperty("virtualHosts")[0];
        Assert.Equal(["*"], host.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        var shown = host.GetProperty("routes")[0];
        Assert.Equal("HTTPRoute", shown.GetProperty("kind").GetString());
        Assert.Equal("HTTPRoute/ecommerce/customer-service-route#0.0", shown.GetProperty("id").GetString());
        var backend = shown.GetProperty("backends")[0];
        Assert.Equal("http://127.0.0.1:5999/", backend.GetProperty("url").GetString());
        Assert.Equal("ecommerce/customer-service", backend.GetProperty("service").GetString());
        var policy = shown.GetProperty("policy");
        Assert.Equal("30s", policy.GetProperty("routeTimeout").GetString());
        Assert.Equal(4, policy.GetProperty("maxTries").GetInt32());
        Assert.Equal([500, 503], policy.GetProperty("retriableStatusCodes").EnumerateArray().Select(code => code.GetInt32()));
        Assert.Equal("3", shown.GetProperty("ignoredAnnotations").GetProperty("retry.istio.io/attempts").GetString());
    }

    [Fact]
    public async Task Metrics_count_upstream_tries_by_route_and_outcome()
    {
        await using var backend = await ScriptedBackend.StartAsync(n => BackendAction.Status(n == 1 ? 503 : 200));
        await using var gateway = await GatewayHost.StartAsync(
            [VirtualService(retries: new VirtualServiceRetries(2, null, "503"))],
            new Dictionary<string, Uri> { [Backend] = backend.Address });
        using var routed = await gateway.Client.GetAsync("/api/customers", Ct);

        var metrics = await gateway.Client.GetStringAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        var tries = metrics.Split('\n').Where(line => line.StartsWith("ambientverify_localmesh_upstream_tries_total{", StringComparison.Ordinal)).ToList();
        Assert.Contains(tries, line => line.Contains("outcome=\"503\"", StringComparison.Ordinal) && line.Contains("route=\"VirtualService/customer-service\"", StringComparison.Ordinal));
        Assert.Contains(tries, line => line.Contains("outcome=\"200\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_reports_healthy_when_routes_are_loaded()
    {
        await using var gateway = await GatewayHost.StartAsync([HttpRoute()], new Dictionary<string, Uri>());

        using var response = await gateway.Client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_fails_without_routes()
    {
        await using var gateway = await GatewayHost.StartAsync([], new Dictionary<string, Uri>());

        using var response = await gateway.Client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
