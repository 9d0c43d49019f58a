namespace AmbientVerify.Probes.Resources.Cluster;

/// <summary>A snapshot component read from a live pod, with the containers whose usage is its usage.</summary>
/// <param name="Containers">The pod's containers this component stands for (a sidecar: istio-proxy; a workload: the others; ztunnel / istio-cni / gateway: all).</param>
public sealed record ClusterComponent(ResourceComponent Component, string Namespace, string Pod, IReadOnlySet<string> Containers);
