using AmbientVerify.Probes.Inspection;
using static AmbientVerify.Probes.Checks.Mtls.MtlsConstants;

namespace AmbientVerify.Probes.Checks.Mtls;

/// <summary>New inbound connections (and bytes) to one workload between two snapshots, per peer pair and security policy.</summary>
public sealed record ConnectionDelta(string Policy, string SourcePrincipal, string DestinationPrincipal, double Opened, double BytesReceived)
{
    /// <summary>
    /// Counter increases of the destination-reported series of <paramref name="workload"/>. A counter that went down
    /// was reset (the process restarted): its whole value is new, as Prometheus' increase() counts it.
    /// </summary>
    public static IReadOnlyList<ConnectionDelta> Between(DataplaneMetrics before, DataplaneMetrics after, string workload, string @namespace)
    {
        var previous = before.Samples.Where(s => Matches(s, workload, @namespace)).GroupBy(Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        return after.Samples
            .Where(s => Matches(s, workload, @namespace))
            .GroupBy(Key)
            .Select(g =>
            {
                var now = g.Sum(s => s.Value);
                var increase = previous.TryGetValue(g.Key, out var then) && now >= then ? now - then : now;
                return (Sample: g.First(), Increase: increase);
            })
            .Where(x => x.Increase > 0)
            .GroupBy(x => (Policy: x.Sample.Label(SecurityPolicyLabel), Source: x.Sample.Label(SourcePrincipalLabel), Destination: x.Sample.Label(DestinationPrincipalLabel)))
            .Select(g => new ConnectionDelta(g.Key.Policy, g.Key.Source, g.Key.Destination,
                g.Where(x => x.Sample.Name == ConnectionsOpenedMetric).Sum(x => x.Increase),
                g.Where(x => x.Sample.Name == BytesReceivedMetric).Sum(x => x.Increase)))
            .OrderBy(d => d.Policy, StringComparer.Ordinal)
            .ThenBy(d => d.SourcePrincipal, StringComparer.Ordinal)
            .ToList();
    }

    public override string ToString() =>
        $"{Opened:0} opened / {BytesReceived:0} bytes with {SecurityPolicyLabel}={Policy} from {Or(SourcePrincipal)} to {Or(DestinationPrincipal)}";

    private static string Or(string principal) => principal.Length == 0 ? "(no principal)" : principal;

    private static bool Matches(MetricSample sample, string workload, string @namespace) =>
        sample.Name is ConnectionsOpenedMetric or BytesReceivedMetric
        && sample.Label(ReporterLabel) == DestinationReporter
        && sample.Label(DestinationWorkloadLabel) == workload
        && sample.Label(DestinationWorkloadNamespaceLabel) == @namespace;

    /// <summary>One time series: its name and every label.</summary>
    private static string Key(MetricSample sample) =>
        sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
}
