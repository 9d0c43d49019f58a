using AmbientVerify.Probes.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// OTLP export for the short-lived <c>gate</c> process, which has no host and so no service defaults: traces, metrics
/// and logs go to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (protocol, headers and the rest from the standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables) when it is set, and nothing changes when it is not. Disposing flushes: a gate
/// exits right after its run, before any periodic export would have fired. The check metrics (<see cref="ProbeMetrics"/>,
/// the series <c>serve</c> exports) are recorded once from the finished report (<see cref="Record"/>) and leave with
/// that flush: <c>MeterProvider.ForceFlush</c> collects every reader and exports it, blocking until done
/// (open-telemetry/opentelemetry-dotnet src/OpenTelemetry/Metrics/MeterProviderExtensions.cs), where the OTLP
/// exporter's periodic reader would otherwise wait its 60 s interval.
/// </summary>
public sealed class GateTelemetry : IDisposable
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> does not give one.</summary>
    public const string ServiceName = "probes-gate";

    private readonly TracerProvider? _tracing;
    private readonly MeterProvider? _metrics;
    /// <summary>The meter factory a host would give <see cref="ProbeMetrics"/> (the runtime's own, from AddMetrics), as LoadTests' export does.</summary>
    private readonly ServiceProvider? _meters;
    private readonly ProbeMetrics? _checks;

    private GateTelemetry(bool exports)
    {
        Exports = exports;
        if (exports)
        {
            _tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(Resource(ResourceBuilder.CreateDefault())).AddSource(ProbeTelemetry.Name).AddOtlpExporter().Build();
            _metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(Resource(ResourceBuilder.CreateDefault())).AddMeter(ProbeTelemetry.Name).AddOtlpExporter().Build();
            _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
            _checks = new ProbeMetrics(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        }
    }

    /// <summary>Whether <see cref="EndpointVariable"/> was set when the gate started.</summary>
    public bool Exports { get; }

    public static GateTelemetry Start() => new(!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable)));

    /// <summary>Records the check metrics of <paramref name="report"/> for the OTLP export (nothing when not exporting).</summary>
    public void Record(RunReport report) => _checks?.Record(report);

    /// <summary>The OTLP log exporter on <paramref name="logging"/> when exporting (the logger factory flushes it when disposed).</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        if (Exports)
        {
            logging.AddOpenTelemetry(options =>
            {
                options.SetResourceBuilder(Resource(ResourceBuilder.CreateDefault()));
                options.IncludeFormattedMessage = true;
                options.AddOtlpExporter();
            });
        }
    }

    public void Dispose()
    {
        _tracing?.ForceFlush();
        _metrics?.ForceFlush();
        _tracing?.Dispose();
        _metrics?.Dispose();

        // After the flush: a disposed meter's instruments are unpublished, and their last values would never leave.
        _meters?.Dispose();
    }

    private static ResourceBuilder Resource(ResourceBuilder resource) =>
        Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } ? resource : resource.AddService(ServiceName);
}
