using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>The real gateway app (same wiring as Program.cs) on 127.0.0.1:0, for given routes and backends.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <param name="backends">Service name → URL; a service left out has no backend.</param>
    /// <param name="backoffRandom">Jitter source; default: always the lowest value, i.e. no back-off wait.</param>
    public static async Task<GatewayHost> StartAsync(IEnumerable<GatewayRoute> routes, IDictionary<string, Uri> backends, IBackoffRandom? backoffRandom = null)
    {
        var builder = LocalMeshModes.CreateBuilder([], environmentName: "Testing");
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(backends.Select(backend =>
            new KeyValuePair<string, string?>($"LocalMesh:Backends:{backend.Key}", backend.Value.ToString())));
        // No back-off waits: tests assert tries and answers, not jitter (EnvoyBackoffTests covers that).
        builder.Services.AddSingleton(backoffRandom ?? FixedBackoffRandom.Lowest);
        builder.AddServiceDefaults();
        builder.AddLocalMeshGateway(new RouteTable(routes));

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapLocalMeshGateway();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new GatewayHost(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
