using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// Puts the served route generation and its load time on the gateway's own <c>/health</c> answer (the service
/// defaults write only the status word there), so a test or a person can see that a reload took effect.
/// </summary>
public static class RouteTableHealthHeaders
{
    public const string Generation = "x-localmesh-routes-generation";
    public const string LoadedAt = "x-localmesh-routes-loaded-at";
    public const string ReloadRefused = "x-localmesh-routes-reload-refused";

    public static WebApplication UseRouteTableHealthHeaders(this WebApplication app)
    {
        var source = app.Services.GetRequiredService<RouteTableSource>();
        var admin = app.Services.GetService<GatewayAdmin>();
        app.Use((context, next) =>
        {
            // Only the gateway's own /health: with an admin port, /health on the gateway port is the chart's.
            if (context.Request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase) && (admin is null || admin.Serves(context)))
            {
                var loaded = source.Loaded;
                var failure = source.LastFailure;
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[Generation] = loaded.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    context.Response.Headers[LoadedAt] = loaded.LoadedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                    if (failure is not null)
                    {
                        context.Response.Headers[ReloadRefused] = failure.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        return app;
    }
}
