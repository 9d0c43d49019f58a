using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
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

    /// <param name="routes">The routes, one virtual host per distinct set of domains (see <see cref="TestSupport.Routes.Routing"/>).</param>
    /// <param name="backends">Service name → URL; a service left out has no backend.</param>
    /// <param name="backoffRandom">Jitter source; default: always the lowest value, i.e. no back-off wait.</param>
    /// <param name="settings">More configuration, e.g. <c>LocalMesh:MaxBufferedRequestBodyBytes</c>.</param>
    public static Task<GatewayHost> StartAsync(IEnumerable<GatewayRoute> routes, IDictionary<string, Uri> backends, IBackoffRandom? backoffRandom = null,
        ITrafficRandom? trafficRandom = null, IDictionary<string, string?>? settings = null) =>
        StartAsync(TestSupport.Routes.Routing([.. routes]), backends, backoffRandom, trafficRandom, settings);

    /// <param name="routing">The gateway's routing, e.g. resolved from manifests.</param>
    /// <param name="trafficRandom">Dice for weights, faults and mirrors; default the shared random.</param>
    public static async Task<GatewayHost> StartAsync(GatewayRouting routing, IDictionary<string, Uri> backends, IBackoffRandom? backoffRandom = null,
        ITrafficRandom? trafficRandom = null, IDictionary<string, string?>? settings = null)
    {
        // No configuration file watchers (each costs an inotify instance; the conformance tables start many gateways).
        var builder = LocalMeshModes.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false"], environmentName: "Testing");
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(backends.Select(backend =>
            new KeyValuePair<string, string?>($"LocalMesh:Backends:{backend.Key}", backend.Value.ToString())));
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        // No back-off waits: tests assert tries and answers, not jitter (EnvoyBackoffTests covers that).
        builder.Services.AddSingleton(backoffRandom ?? FixedBackoffRandom.Lowest);
        if (trafficRandom is not null)
        {
            builder.Services.AddSingleton(trafficRandom);
        }

        builder.AddServiceDefaults();
        builder.AddLocalMeshGateway(new RouteTable(routing));

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapLocalMeshGateway();
        await app.StartAsync(TestContext.Current.CancellationToken);
        // The client sees what the gateway answers: a 301 is a result to assert, not a hop to follow.
        return new GatewayHost(app, new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
