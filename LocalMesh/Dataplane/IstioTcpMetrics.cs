using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>The labels ztunnel puts on its <c>istio_tcp_*</c> series (the subset the harness reads, plus fixed ones).</summary>
/// <param name="Reporter">"destination" for inbound (what the local ztunnel and sidecars record), "source" for outbound.</param>
/// <param name="ConnectionSecurityPolicy">"mutual_tls" or "unknown" (plaintext).</param>
public sealed record TcpConnectionLabels(
    string Reporter,
    string SourceWorkload,
    string SourceWorkloadNamespace,
    string SourcePrincipal,
    string DestinationWorkload,
    string DestinationWorkloadNamespace,
    string DestinationPrincipal,
    string DestinationService,
    string ConnectionSecurityPolicy)
{
    public const string Unknown = "unknown";
    public const string MutualTls = "mutual_tls";
    public const string DestinationReporter = "destination";
}

/// <summary>Counts of one open connection; every call is thread-safe.</summary>
public interface ITcpConnectionCounters
{
    void AddReceived(long bytes);
    void AddSent(long bytes);

    /// <summary>Counts the close (once, however often called).</summary>
    void Close();
}

/// <summary>
/// ztunnel's TCP metrics, kept by hand and written in its exposition format (OpenMetrics, as ztunnel's Rust
/// prometheus-client writes them) so that names and labels are exactly Istio's, not an OpenTelemetry rendering.
/// </summary>
public sealed class IstioTcpMetrics
{
    public const string ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static readonly (string Name, string Help, Func<Series, long> Value)[] Families =
    [
        ("istio_tcp_connections_opened", "The total number of TCP connections opened.", s => Interlocked.Read(ref s.Opened)),
        ("istio_tcp_connections_closed", "The total number of TCP connections closed.", s => Interlocked.Read(ref s.Closed)),
        ("istio_tcp_received_bytes", "The size of total bytes received during request in case of a TCP connection.", s => Interlocked.Read(ref s.Received)),
        ("istio_tcp_sent_bytes", "The size of total bytes sent during response in case of a TCP connection.", s => Interlocked.Read(ref s.Sent)),
    ];

    private readonly ConcurrentDictionary<TcpConnectionLabels, Series> _series = new();

    /// <summary>Counts a connection as opened and returns its counters.</summary>
    public ITcpConnectionCounters Open(TcpConnectionLabels labels)
    {
        var series = _series.GetOrAdd(labels, _ => new Series());
        Interlocked.Increment(ref series.Opened);
        return new Connection(series);
    }

    /// <summary>The exposition text of every series, ending with OpenMetrics' "# EOF".</summary>
    public string Render()
    {
        var text = new StringBuilder();
        var snapshot = _series.OrderBy(pair => LabelText(pair.Key), StringComparer.Ordinal).ToList();
        foreach (var (name, help, value) in Families)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" counter\n");
            foreach (var (labels, series) in snapshot)
            {
                text.Append(name).Append("_total{").Append(LabelText(labels)).Append("} ")
                    .Append(value(series).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.Append("# EOF\n").ToString();
    }

    private static string LabelText(TcpConnectionLabels labels)
    {
        var (serviceName, serviceNamespace) = SplitService(labels.DestinationService);
        (string, string)[] pairs =
        [
            ("reporter", labels.Reporter),
            ("source_workload", labels.SourceWorkload),
            ("source_canonical_service", labels.SourceWorkload),
            ("source_workload_namespace", labels.SourceWorkloadNamespace),
            ("source_principal", labels.SourcePrincipal),
            ("destination_service", labels.DestinationService),
            ("destination_service_namespace", serviceNamespace),
            ("destination_service_name", serviceName),
            ("destination_workload", labels.DestinationWorkload),
            ("destination_canonical_service", labels.DestinationWorkload),
            ("destination_workload_namespace", labels.DestinationWorkloadNamespace),
            ("destination_principal", labels.DestinationPrincipal),
            ("request_protocol", "tcp"),
            ("response_flags", "-"),
            ("connection_security_policy", labels.ConnectionSecurityPolicy),
        ];
        return string.Join(',', pairs.Select(pair => $"{pair.Item1}=\"{Escape(pair.Item2)}\""));
    }

    // "customer-service.ecommerce.svc.cluster.local" → ("customer-service", "ecommerce").
    private static (string Name, string Namespace) SplitService(string host)
    {
        var parts = host.Split('.');
        return parts.Length >= 2 ? (parts[0], parts[1]) : (TcpConnectionLabels.Unknown, TcpConnectionLabels.Unknown);
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Series
    {
        public long Opened;
        public long Closed;
        public long Received;
        public long Sent;
    }

    private sealed class Connection(Series series) : ITcpConnectionCounters
    {
        private int _closed;

        public void AddReceived(long bytes) => Interlocked.Add(ref series.Received, bytes);

        public void AddSent(long bytes) => Interlocked.Add(ref series.Sent, bytes);

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Interlocked.Increment(ref series.Closed);
            }
        }
    }
}
