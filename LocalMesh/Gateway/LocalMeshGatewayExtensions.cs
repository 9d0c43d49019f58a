using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AmbientVerify.LocalMesh.Gateway;

public static class LocalMeshGatewayExtensions
{
    /// <summary>
    /// Registers the gateway for <paramref name="routes"/> (generation 1 of its <see cref="RouteTableSource"/>; with
    /// <c>LocalMesh:WatchManifests=true</c> a <see cref="RouteTableWatcher"/> swaps in reloaded ones). <see cref="TimeProvider"/>
    /// and <see cref="IBackoffRandom"/> are only added when not registered yet, so tests can pass their own first.
    /// </summary>
    /// <exception cref="Manifests.ManifestException">LocalMesh:WatchManifests / WatchInterval are not readable.</exception>
    public static WebApplicationBuilder AddLocalMeshGateway(this WebApplicationBuilder builder, RouteTable routes)
    {
        // Envoy's server header replaces Kestrel's.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        if (GatewayAdmin.FromConfiguration(builder.Configuration) is { } admin)
        {
            // The admin port beside the gateway's own URLs (ASPNETCORE_URLS, or the tests' UseUrls).
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) is { Length: > 0 } configured ? configured : "http://localhost:5000";
            builder.WebHost.UseUrls([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), admin.Url.ToString()]);
            builder.Services.AddSingleton(admin);
        }

        builder.Services.Configure<LocalMeshOptions>(builder.Configuration.GetSection(LocalMeshOptions.SectionName));
        builder.Services.AddSingleton(services => new RouteTableSource(routes, services.GetRequiredService<TimeProvider>().GetUtcNow()));
        if (RouteTableWatchOptions.FromConfiguration(builder.Configuration).WatchManifests)
        {
            builder.Services.AddHostedService(services => new RouteTableWatcher(
                services.GetRequiredService<RouteTableSource>(),
                services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(),
                services.GetRequiredService<BackendResolver>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<RouteTableWatcher>>(),
                services.GetService<MeshDialing>()?.Topology));
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IBackoffRandom, SharedBackoffRandom>();
        builder.Services.TryAddSingleton<ITrafficRandom, SharedTrafficRandom>();
        builder.Services.AddSingleton<RequestMirrors>();
        builder.Services.AddSingleton<BackendResolver>();
        builder.Services.AddSingleton<GatewayTelemetry>();
        builder.Services.AddSingleton(CreateUpstreamClient);
        builder.Services.AddSingleton<EnvoyRouter>();
        builder.Services.AddSingleton<GatewayRequestHandler>();
        builder.Services.AddHealthChecks().AddCheck<RouteTableHealthCheck>("routes");
        // /__mesh/routes is read by people: keep "→" and quotes in descriptions as they are.
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return builder;
    }

    /// <summary>
    /// Makes the gateway dial pods through the local ztunnel / sidecars when the configuration names them
    /// (see <see cref="MeshDialing.FromConfiguration"/>); without such settings nothing changes.
    /// </summary>
    /// <exception cref="Manifests.ManifestException">Dialing is configured but LocalMesh:MeshCa or the manifests are missing.</exception>
    public static WebApplicationBuilder AddLocalMeshDialing(this WebApplicationBuilder builder)
    {
        if (MeshDialing.FromConfiguration(builder.Configuration) is { } mesh)
        {
            builder.Services.AddSingleton(mesh);
            builder.Services.AddSingleton<MeshDialer>();
        }

        return builder;
    }

    /// <summary>
    /// Maps <c>/__mesh/routes</c> and the gateway. With an admin port (<see cref="GatewayAdmin"/>) the gateway port
    /// hands every request to the gateway and the admin port serves the mapped endpoints (/health, /alive, /metrics,
    /// /__mesh/routes) only; without one the gateway is the catch-all after every more specific endpoint.
    /// </summary>
    public static WebApplication MapLocalMeshGateway(this WebApplication app)
    {
        var gateway = app.Services.GetRequiredService<GatewayRequestHandler>();
        app.MapGet(MeshRoutesEndpoint.Path, MeshRoutesEndpoint.Handle);
        app.UseRouteTableHealthHeaders();
        if (app.Services.GetService<GatewayAdmin>() is not { } admin)
        {
            app.Map("/{**path}", gateway.HandleAsync);
            return app;
        }

        // Endpoint routing has already matched the request (a chart's /health would have matched the health check):
        // on the gateway port that match is dropped and the chart's routes decide, as on Envoy's traffic listener.
        app.Use((context, next) =>
        {
            if (admin.Serves(context))
            {
                return next(context);
            }

            context.SetEndpoint(null);
            return gateway.HandleAsync(context);
        });
        return app;
    }

    // YARP's factory gives a proxy-grade client: no redirects, no cookies, no decompression, no system proxy,
    // trace context propagated from our span.
    // With a registered MeshDialer (ztunnel or sidecars configured) the same client opens its connections through it.
    private static HttpMessageInvoker CreateUpstreamClient(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILogger<ForwarderHttpClientFactory>>();
        var factory = services.GetService<MeshDialer>() is { } dialer
            ? new MeshForwarderHttpClientFactory(logger, dialer)
            : new ForwarderHttpClientFactory(logger);
        return factory.CreateClient(new ForwarderHttpClientContext { NewConfig = HttpClientConfig.Empty });
    }
}
