namespace AmbientVerify.Probes.Resources.Cluster;

/// <summary>One container's usage at one moment: CPU in cores (a rate), memory in bytes (working set).</summary>
public sealed record ContainerUsageSample(string Namespace, string Pod, string Container, double CpuCores, long MemoryBytes);

/// <summary>Where a cluster snapshot reads usage from: the metrics-server (<see cref="MetricsServerUsageSource"/>) or Prometheus (<see cref="PrometheusUsageSource"/>).</summary>
public interface IContainerUsageSource
{
    /// <summary>For the usage's source and the snapshot's assumptions, e.g. "metrics.k8s.io (metrics-server)".</summary>
    string Description { get; }

    /// <summary>Every container's usage now, in the namespaces the source was made for.</summary>
    /// <exception cref="UsageNotMeasuredException">The source is not there (metrics-server not installed): the snapshot goes on without usage.</exception>
    /// <exception cref="Probes.Cluster.ClusterAccessException">The source refused or could not be reached: a bad input (exit 2).</exception>
    Task<IReadOnlyList<ContainerUsageSample>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Usage cannot be measured from this source; the message says why and what to do. The requests are still written.</summary>
public sealed class UsageNotMeasuredException(string message, Exception? inner = null) : Exception(message, inner);
