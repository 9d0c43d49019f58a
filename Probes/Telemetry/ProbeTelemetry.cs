using System.Diagnostics;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>The span source of the probes (one span per case). Same name as the meter: "AmbientVerify".</summary>
public static class ProbeTelemetry
{
    public const string Name = "AmbientVerify";

    public static readonly ActivitySource Source = new(Name);
}
