using AmbientVerify.FaultTarget.Endpoints;
using AmbientVerify.FaultTarget.Faults;
using AmbientVerify.FaultTarget.Telemetry;
using AmbientVerify.FaultTarget.Tracking;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget;

/// <summary>
/// Builds the FaultTarget: one ecommerce service stand-in that is also the deterministic fault backend (DESIGN §4).
/// </summary>
public static class FaultTargetApp
{
    /// <summary>Builds the app; <paramref name="configure"/> runs after the defaults so tests can replace them
    /// (listen address, configuration, a FakeTimeProvider).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(FaultTargetApp).Assembly.GetName().Name,
        });

        builder.AddServiceDefaults();
        builder.Services.AddFaultTargetOptions();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TryTracker>();
        builder.Services.AddSingleton<FaultTargetMetrics>();
        configure?.Invoke(builder);

        var app = builder.Build();
        var serviceName = app.Services.GetRequiredService<IOptions<FaultTargetOptions>>().Value.ServiceName;

        app.UseMiddleware<FaultProtocolMiddleware>();
        app.MapTriesEndpoint();
        app.MapServiceEndpoints(serviceName);
        app.MapEchoFallback();
        app.MapDefaultEndpoints();
        return app;
    }
}
