using System.Text;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>Writes ztunnel-style Prometheus text for the fake dataplane admin.</summary>
internal static class IstioMetrics
{
    public const string MutualTls = "mutual_tls";
    public const string Unknown = "unknown";

    /// <summary>One istio_tcp_connections_opened_total sample reported by the destination of <paramref name="workload"/>.</summary>
    public static string Opened(string workload, double value, string policy = MutualTls, string source = Meshes.GatewayIdentity, string? destination = null) =>
        Sample("istio_tcp_connections_opened_total", workload, value, policy, source, destination);

    public static string Sample(string metric, string workload, double value, string policy, string source, string? destination = null)
    {
        var sourceWorkload = source.Length == 0 ? "unknown" : source[(source.LastIndexOf('/') + 1)..];
        return new StringBuilder()
            .Append(metric).Append('{')
            .Append("reporter=\"destination\",")
            .Append($"source_workload=\"{sourceWorkload}\",source_workload_namespace=\"ecommerce\",source_principal=\"{source}\",")
            .Append($"destination_workload=\"{workload}\",destination_workload_namespace=\"ecommerce\",")
            .Append($"destination_principal=\"{destination ?? $"spiffe://cluster.local/ns/ecommerce/sa/{workload}"}\",")
            .Append($"destination_service=\"{workload}.ecommerce.svc.cluster.local\",connection_security_policy=\"{policy}\"")
            .Append("} ").Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToString();
    }

    public static string Text(params string[] samples) =>
        "# HELP istio_tcp_connections_opened_total The total number of TCP connections opened\n" +
        "# TYPE istio_tcp_connections_opened_total counter\n" +
        string.Join("\n", samples) + "\n";
}
