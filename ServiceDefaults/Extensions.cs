using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every AmbientVerify service shares: OpenTelemetry (traces, metrics, logs, OTLP to the Aspire dashboard),
/// a Prometheus scrape endpoint on /metrics, /health and /alive, and service discovery for HttpClients.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The OpenTelemetry meter and activity source names that AmbientVerify's own code uses.</summary>
    public const string TelemetryName = "AmbientVerify";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryName)
                // Scrapes are read by tests and by the gate right after a run: never serve a stale cache.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing => tracing
                .AddSource(TelemetryName)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                .AddHttpClientInstrumentation());

        // Only export over OTLP when a collector (the Aspire dashboard) was given to us.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Maps /health, /alive, /metrics and <see cref="ProcessIdentity.Path"/> in every environment (Aspire starts projects
    /// as Production). The component named in <see cref="ProcessIdentity.ComponentKey"/> wins over <paramref name="component"/>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, string? component = null)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        var identity = ProcessIdentity.Current(
            app.Configuration[ProcessIdentity.ComponentKey] ?? component ?? app.Environment.ApplicationName, app.Configuration, app.Environment.ApplicationName);
        app.MapGet(ProcessIdentity.Path, () => identity);
        return app;
    }

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments(ProcessIdentity.Path);
}
