using AmbientVerify.Probes.Inspection;

namespace AmbientVerify.Probes.Checks.Mtls;

/// <summary>The dataplane metrics at one moment, or why they could not be read.</summary>
public sealed record MetricsSnapshot(DataplaneMetrics? Metrics, string? Problem)
{
    public static async Task<MetricsSnapshot> TakeAsync(IMeshInspector inspector, CancellationToken cancellationToken)
    {
        try
        {
            return new MetricsSnapshot(await inspector.GetDataplaneMetricsAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (InspectionException e)
        {
            return new MetricsSnapshot(null, e.Message);
        }
    }
}
