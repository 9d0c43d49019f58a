using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>The span source of the probes (one span per case request). The name the service defaults export.</summary>
public static class ProbeTelemetry
{
    public const string Name = ServiceDefaultsExtensions.TelemetryName;

    public static readonly ActivitySource Source = new(Name);
}
