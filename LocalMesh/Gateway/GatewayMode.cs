using AmbientVerify.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary><c>LocalMesh:Mode=gateway</c> (default): the Istio ingress gateway of the manifests.</summary>
public static class GatewayMode
{
    /// <exception cref="ManifestException">Manifests missing/unreadable, unknown gateway, no routes, or dialing misconfigured.</exception>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // Traces, metrics and health for the dashboard and /metrics: the gateway is one process, and its spans are
        // the evidence of each try.
        builder.AddServiceDefaults();
        // A gateway without its routes would answer 404 to everything and look healthy: refuse to start instead.
        var routes = RouteTableLoader.Load(builder.Configuration);
        builder.AddLocalMeshGateway(routes);
        builder.AddLocalMeshDialing();

        var app = builder.Build();
        app.MapDefaultEndpoints(component: ProcessComponents.Gateway);
        app.MapLocalMeshGateway();
        app.Logger.LogInformation("LocalMesh gateway: {Count} routes ({Origin}); admin endpoints on {Admin}", routes.Routes.Count, routes.Origin,
            app.Services.GetService<GatewayAdmin>()?.Url.ToString() ?? "the gateway port");
        return app;
    }
}
