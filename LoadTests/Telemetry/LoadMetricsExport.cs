using System.Diagnostics.Metrics;
using AmbientVerify.LoadTests.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AmbientVerify.LoadTests.Telemetry;

/// <summary>
/// The CLI runs no host, so nothing scrapes it: when a collector was given (OTEL_EXPORTER_OTLP_ENDPOINT, as Aspire
/// sets it for its resources), the report's metrics are pushed once over OTLP at the end of the run; otherwise the
/// reports are the only output, as for the gate.
/// </summary>
public static class LoadMetricsExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <returns>What happened, for the console; null when no collector is configured.</returns>
    public static string? ExportIfConfigured(LoadReport report)
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is not { Length: > 0 } endpoint)
        {
            return null;
        }

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ServiceDefaultsExtensions.TelemetryName)
            .AddOtlpExporter()
            .Build();
        new LoadMetrics(services.GetRequiredService<IMeterFactory>()).Record(report);
        return provider.ForceFlush(timeoutMilliseconds: 5_000)
            ? $"metrics sent over OTLP to {endpoint}"
            : $"metrics could not be sent over OTLP to {endpoint} (the reports are written)";
    }
}
