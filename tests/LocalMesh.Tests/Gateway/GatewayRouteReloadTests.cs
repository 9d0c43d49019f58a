using System.Net;
using System.Text.Json;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>
/// The running gateway with LocalMesh:WatchManifests=true (as the lead's end-to-end test runs it): files written into
/// its directory while it serves change what it routes, within the watch interval.
/// </summary>
public sealed class GatewayRouteReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly MeshManifestsDirectory _manifests = MeshManifestsDirectory.Create(MeshManifestsDirectory.Ambient);
    private EchoBackend _customers = null!;
    private EchoBackend _orders = null!;
    private WebApplication _gateway = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        _customers = await EchoBackend.StartAsync("customer-service", "ecommerce", cancel);
        _orders = await EchoBackend.StartAsync("order-service", "ecommerce", cancel);
        var builder = LocalMeshModes.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false"], environmentName: "Testing");
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LocalMesh:Manifests"] = _manifests.Path,
            ["LocalMesh:WatchManifests"] = "true",
            ["LocalMesh:WatchInterval"] = "50ms",
            // The Service that appears later has its backend from the start, as the harness's twin routes do.
            ["LocalMesh:Backends:ecommerce:customer-service"] = _customers.Address.ToString(),
            ["LocalMesh:Backends:ecommerce:order-service"] = _orders.Address.ToString(),
        });
        _gateway = GatewayMode.Build(builder);
        await _gateway.StartAsync(cancel);
        _client = new HttpClient { BaseAddress = new Uri(_gateway.Urls.First()) };
    }

    private async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private async Task<JsonElement> MeshRoutesAsync() =>
        JsonDocument.Parse(await _client.GetStringAsync(MeshRoutesEndpoint.Path, TestContext.Current.CancellationToken)).RootElement;

    [Fact]
    public async Task An_added_route_is_served_without_a_restart()
    {
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(ReloadManifests.OrdersPath));

        File.WriteAllText(Path.Combine(_manifests.Path, "orders.yaml"), ReloadManifests.OrdersRoute);

        Assert.True(await ReloadManifests.EventuallyAsync(async () => await StatusOfAsync(ReloadManifests.OrdersPath) == HttpStatusCode.OK, Deadline),
            $"{ReloadManifests.OrdersPath} still not routed {Deadline} after the HTTPRoute was written");
        Assert.Contains(_orders.Received, request => request.Path == ReloadManifests.OrdersPath);
        Assert.Equal(2, (await MeshRoutesAsync()).GetProperty("generation").GetInt64());
        using var health = await _client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal("2", health.Headers.GetValues(RouteTableHealthHeaders.Generation).Single());
    }

    [Fact]
    public async Task A_broken_file_leaves_the_old_routes_serving_and_the_error_visible()
    {
        File.WriteAllText(Path.Combine(_manifests.Path, "broken.yaml"), ReloadManifests.Refused);

        Assert.True(await ReloadManifests.EventuallyAsync(
                async () => (await MeshRoutesAsync()).GetProperty("lastReloadRefused").ValueKind == JsonValueKind.Object, Deadline),
            "the refused reload never appeared on /__mesh/routes");
        var routes = await MeshRoutesAsync();
        Assert.Contains("attempts cannot be negative", routes.GetProperty("lastReloadRefused").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, routes.GetProperty("generation").GetInt64());
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync("/api/customers"));
        using var health = await _client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(health.Headers.Contains(RouteTableHealthHeaders.ReloadRefused));
    }

    [Fact]
    public async Task A_removed_route_answers_404_again()
    {
        var orders = Path.Combine(_manifests.Path, "orders.yaml");
        File.WriteAllText(orders, ReloadManifests.OrdersRoute);
        Assert.True(await ReloadManifests.EventuallyAsync(async () => await StatusOfAsync(ReloadManifests.OrdersPath) == HttpStatusCode.OK, Deadline));

        File.Delete(orders);

        Assert.True(await ReloadManifests.EventuallyAsync(async () => await StatusOfAsync(ReloadManifests.OrdersPath) == HttpStatusCode.NotFound, Deadline),
            $"{ReloadManifests.OrdersPath} still routed {Deadline} after its HTTPRoute was removed");
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync("/api/customers"));
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.StopAsync(CancellationToken.None);
            await _gateway.DisposeAsync();
        }

        await _customers.DisposeAsync();
        await _orders.DisposeAsync();
        _manifests.Dispose();
    }
}
