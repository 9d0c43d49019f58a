using System.Net;
using System.Net.Sockets;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.TestSupport;
using Microsoft.Extensions.Configuration;
using static AmbientVerify.TestSupport.Routes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>With LocalMesh:Admin the gateway's own endpoints live on the admin port, and every gateway path is the chart's.</summary>
public sealed class GatewayAdminTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/metrics")]
    [InlineData("/__mesh/routes")]
    [InlineData("/__process")]
    public async Task A_chart_route_on_a_path_the_gateway_serves_itself_reaches_its_backend_through_the_gateway_port(string path)
    {
        await using var backend = await EchoBackend.StartAsync(Backend, Namespace, Ct);
        await using var gateway = await StartWithAdminAsync(HttpRoute(path: Prefix(path)), backend);

        using var response = await gateway.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(path, (await EchoedRequest.ReadAsync(response, Ct)).Path);
    }

    [Fact]
    public async Task The_admin_port_still_answers_health_and_never_forwards()
    {
        await using var backend = await EchoBackend.StartAsync(Backend, Namespace, Ct);
        await using var gateway = await StartWithAdminAsync(HttpRoute(path: Prefix("/")), backend);

        using var health = await gateway.AdminClient!.GetAsync("/health", Ct);
        var metrics = await gateway.AdminClient.GetStringAsync("/metrics", Ct);
        using var routes = await gateway.AdminClient.GetAsync(MeshRoutesEndpoint.Path, Ct);
        using var other = await gateway.AdminClient.GetAsync("/api/customers", Ct);
        var identity = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<Microsoft.Extensions.Hosting.ProcessIdentity>(
            gateway.AdminClient, Microsoft.Extensions.Hosting.ProcessIdentity.Path, Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(Ct));
        Assert.Contains("# TYPE", metrics);
        Assert.Equal(HttpStatusCode.OK, routes.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal((Environment.ProcessId, Microsoft.Extensions.Hosting.ProcessComponents.Gateway), (identity!.Pid, identity.Component));
        Assert.Empty(backend.Received);
    }

    [Fact]
    public async Task A_gateway_path_no_route_matches_is_envoys_404_not_the_gateways_own_endpoint()
    {
        await using var backend = await EchoBackend.StartAsync(Backend, Namespace, Ct);
        await using var gateway = await StartWithAdminAsync(HttpRoute(path: Prefix("/api")), backend);

        using var response = await gateway.Client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("https://127.0.0.1:15000")]
    [InlineData("127.0.0.1:15000")]
    public void An_admin_url_without_a_port_of_its_own_is_refused(string url)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(GatewayAdmin.Key, url)]).Build();

        var error = Assert.Throws<ManifestException>(() => GatewayAdmin.FromConfiguration(configuration));

        Assert.Contains("must be an http:// URL with its own port", error.Message);
    }

    private static Task<GatewayHost> StartWithAdminAsync(GatewayRoute route, EchoBackend backend) =>
        GatewayHost.StartAsync([route], new Dictionary<string, Uri> { [Backend] = backend.Address },
            settings: new Dictionary<string, string?> { [GatewayAdmin.Key] = $"http://127.0.0.1:{FreePort()}" });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
