namespace AmbientVerify.Probes.Inspection;

// What an inspector reports about the dataplane: the running ztunnel / sidecar processes, the workloads they
// serve (as `istioctl ztunnel-config workloads` lists them) and their Istio TCP metrics.

/// <summary>The kind of dataplane process.</summary>
public enum DataplaneComponentKind
{
    /// <summary>A node-level ztunnel (ambient): it lists every workload it knows, captured ones as HBONE.</summary>
    Ztunnel,

    /// <summary>An istio-proxy sidecar (stand-in): it lists the pods it serves.</summary>
    Sidecar,
}

/// <summary>One row of the workloads view (istioctl ztunnel-config workloads).</summary>
/// <param name="Address">"host:port" where the pod is reached without the mesh (the pod IP and port).</param>
/// <param name="Protocol">"HBONE" when ztunnel captures the pod, "TCP" otherwise.</param>
public sealed record DataplaneWorkloadEntry(string Namespace, string PodName, string Address, string Node, string Waypoint, string Protocol)
{
    public const string Hbone = "HBONE";

    public bool IsHbone => string.Equals(Protocol, Hbone, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A dataplane process and what its admin endpoint reports.</summary>
public sealed record DataplaneComponent(DataplaneComponentKind Kind, Uri Admin, IReadOnlyList<DataplaneWorkloadEntry> Workloads)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} at {Admin}";
}

/// <summary>Where a pod can be reached directly (in Kubernetes: the pod IP, which the dataplane intercepts).</summary>
/// <param name="ReportedBy">The dataplane component that published the address.</param>
public sealed record PodAddress(string Namespace, string PodName, string Host, int Port, string Protocol, DataplaneComponent ReportedBy);

/// <summary>One Prometheus sample: metric name, labels, value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.GetValueOrDefault(name) ?? "";
}

/// <summary>The Istio TCP metrics of every dataplane component at one moment.</summary>
public sealed record DataplaneMetrics(DateTimeOffset TakenAt, IReadOnlyList<MetricSample> Samples);
