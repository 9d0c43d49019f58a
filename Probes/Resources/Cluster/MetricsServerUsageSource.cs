using System.Net;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cluster;
using k8s;
using k8s.Autorest;

namespace AmbientVerify.Probes.Resources.Cluster;

/// <summary>
/// Usage from the metrics-server's <c>metrics.k8s.io/v1beta1</c> PodMetrics
/// (<c>GET /apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods/</c>, the trailing slash as KubernetesClient sends it):
/// per container <c>usage.cpu</c> (cores, averaged by the metrics-server over its <c>window</c>) and
/// <c>usage.memory</c> (the working set).
/// </summary>
public sealed class MetricsServerUsageSource(IKubernetes client, IReadOnlyList<string> namespaces) : IContainerUsageSource
{
    public const string NotServed = "metrics.k8s.io is not served (metrics-server not installed): usage not measured; pass --prometheus URL";

    public string Description => "metrics.k8s.io PodMetrics (metrics-server)";

    public async Task<IReadOnlyList<ContainerUsageSample>> ReadAsync(CancellationToken cancellationToken)
    {
        var samples = new List<ContainerUsageSample>();
        foreach (var ns in namespaces)
        {
            k8s.Models.PodMetricsList list;
            try
            {
                list = await ClusterConnection.ReadAsync(client, "list", "pods.metrics.k8s.io", c => c.GetKubernetesPodsMetricsByNamespaceAsync(ns)).ConfigureAwait(false);
            }
            catch (ClusterAccessException e) when (e.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable })
            {
                // The group is absent (404) or its APIService is registered but the metrics-server is down (503).
                throw new UsageNotMeasuredException(NotServed, e);
            }

            foreach (var pod in list.Items ?? [])
            {
                foreach (var container in pod.Containers ?? [])
                {
                    var where = $"PodMetrics {ns}/{pod.Metadata?.Name} container {container.Name}";
                    samples.Add(new ContainerUsageSample(ns, pod.Metadata?.Name ?? "", container.Name ?? "",
                        container.Usage?.TryGetValue("cpu", out var cpu) == true ? Quantities.ParseCpu(cpu.ToString(), where + " usage.cpu") : 0,
                        container.Usage?.TryGetValue("memory", out var memory) == true ? Quantities.ParseMemory(memory.ToString(), where + " usage.memory") : 0));
                }
            }
        }

        return samples;
    }
}
