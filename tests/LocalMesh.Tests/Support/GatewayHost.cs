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

    private GatewayHost(WebApplication app, HttpClient client, HttpClient? adminClient)
    {
        _app = app;
        Client = client;
        AdminClient = adminClient;
    }

    /// <summary>The gateway port.</summary>
    public HttpClient Client { get; }

    /// <summary>The admin port, when <c>LocalMesh:Admin</c> was given in the settings.</summary>
    public HttpClient? AdminClient { get; }

    /// <param name="routes">The routes, one virtual host per distinct set of domains (see <see cref="TestSupport.Routes.Routing"/>).</param>
    /// <param name="backends">
    /// Service → URL, as "namespace/name", or a bare name for that name in every namespace the routes send it to
    /// (else <see cref="TestSupport.Routes.Namespace"/>); a service left out has no backend.
    /// </param>
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
        builder.Configuration.AddInMemoryCollection(BackendSettings(routing, backends));
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
        app.MapDefaultEndpoints(component: ProcessComponents.Gateway);
        app.MapLocalMeshGateway();
        await app.StartAsync(TestContext.Current.CancellationToken);
        // With LocalMesh:Admin the app listens twice: the client talks to the gateway port, AdminClient to the admin port.
        // The client sees what the gateway answers: a 301 is a result to assert, not a hop to follow.
        var admin = app.Services.GetService<GatewayAdmin>();
        var gatewayUrl = app.Urls.Select(url => new Uri(url)).First(url => url.Port != admin?.Url.Port);
        return new GatewayHost(app, new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gatewayUrl },
            admin is null ? null : new HttpClient { BaseAddress = admin.Url });
    }

    /// <summary>The <see cref="LocalMeshKeys.Backend"/> settings for <paramref name="backends"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> BackendSettings(GatewayRouting routing, IDictionary<string, Uri> backends)
    {
        var destinations = routing.Routes
            .SelectMany(route => route.Backends.Select(b => b.Destination).Concat(route.Actions.Mirrors.Select(m => m.Destination)))
            .Select(d => d.ServiceName)
            .ToList();
        foreach (var (key, url) in backends)
        {
            IEnumerable<NamespacedName> services = key.Contains('/', StringComparison.Ordinal)
                ? [NamespacedName.Parse(key)]
                : destinations.Where(d => d.Name == key).DefaultIfEmpty(new NamespacedName(TestSupport.Routes.Namespace, key)).Distinct();
            foreach (var service in services)
            {
                yield return new KeyValuePair<string, string?>(LocalMeshKeys.Backend(service), url.ToString());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        AdminClient?.Dispose();
        await _app.DisposeAsync();
    }
}
