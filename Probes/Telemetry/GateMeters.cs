using System.Diagnostics.Metrics;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>
/// The <see cref="IMeterFactory"/> of a gate, which has no host and so no DI container to give one: it creates the
/// meters <see cref="ProbeMetrics"/> asks for and disposes them with itself (what the host's factory does for serve).
/// </summary>
internal sealed class GateMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        options.Scope = this;
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }

        _meters.Clear();
    }
}
