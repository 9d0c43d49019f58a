using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks.Mtls;

/// <summary>The mtls check's name, its cases (stable id and sentence), and the Istio metric names and labels it reads (ztunnel and Envoy alike).</summary>
public static class MtlsConstants
{
    public const string CheckName = "mtls";

    public static readonly CheckCase MutualTlsCase = new("inbound-mutual-tls", "new inbound connections are mutual TLS between the expected identities");
    public static readonly CheckCase NoPlaintextCase = new("no-inbound-plaintext", "no new inbound connection is plaintext");

    public const string ConnectionsOpenedMetric = "istio_tcp_connections_opened_total";
    public const string BytesReceivedMetric = "istio_tcp_received_bytes_total";

    public const string ReporterLabel = "reporter";
    public const string DestinationReporter = "destination";
    public const string SourcePrincipalLabel = "source_principal";
    public const string DestinationPrincipalLabel = "destination_principal";
    public const string DestinationWorkloadLabel = "destination_workload";
    public const string DestinationWorkloadNamespaceLabel = "destination_workload_namespace";
    public const string SecurityPolicyLabel = "connection_security_policy";
    public const string MutualTlsPolicy = "mutual_tls";
    public const string UnknownPolicy = "unknown";
}
