using AmbientVerify.FaultTarget.Endpoints;
using AmbientVerify.FaultTarget.Faults;
using AmbientVerify.FaultTarget.StandIns;
using AmbientVerify.FaultTarget.Telemetry;
using AmbientVerify.FaultTarget.Tracking;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AmbientVerify.FaultTarget;

/// <summary>
/// Builds the FaultTarget: the stand-in of one ecommerce Service, or of every Service of a run (one listener each,
/// tries counted in one place), that is also the deterministic fault backend (DESIGN §4).
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
        builder.Services.AddSingleton<StandInServices>();
        // One listener per configured Service; read when Kestrel starts, after tests have changed the configuration.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<StandInServices>((kestrel, standIns) => standIns.Listen(kestrel));
        configure?.Invoke(builder);

        var app = builder.Build();
        var standIns = app.Services.GetRequiredService<StandInServices>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var service in standIns.All)
            {
                app.Logger.LogInformation("FaultTarget: {Service} ({Replicas} pods) on {Url}", service.QualifiedName, service.Replicas, service.Url ?? string.Join(", ", app.Urls));
            }
        });

        app.UseMiddleware<FaultProtocolMiddleware>();
        app.MapTriesEndpoint();
        app.MapServiceEndpoints();
        app.MapEchoFallback();
        app.MapDefaultEndpoints(component: ProcessComponents.Workloads);
        return app;
    }
}
