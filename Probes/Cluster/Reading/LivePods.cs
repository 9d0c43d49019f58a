using k8s.Models;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>A pod as the checks read it: containers, Istio's annotations, readiness, IP and node.</summary>
internal static class LivePods
{
    public static LivePod From(V1Pod pod) => new(
        pod.Metadata.NamespaceProperty ?? "",
        pod.Metadata.Name,
        pod.Spec?.NodeName,
        pod.Status?.PodIP,
        // kubelet's Ready condition: every container ready and the readiness gates met (what `kubectl get pod` READY shows).
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true,
        pod.Status?.Phase ?? "Unknown",
        pod.Spec?.ServiceAccountName ?? "default",
        [.. (pod.Spec?.Containers ?? []).Select(c => new LiveContainer(c.Name, c.Image, [.. (c.Ports ?? []).Select(p => p.ContainerPort)]))],
        [.. (pod.Spec?.InitContainers ?? []).Select(c => c.Name)],
        (IReadOnlyDictionary<string, string>?)pod.Metadata.Labels?.ToDictionary(StringComparer.Ordinal) ?? new Dictionary<string, string>(),
        (IReadOnlyDictionary<string, string>?)pod.Metadata.Annotations?.ToDictionary(StringComparer.Ordinal) ?? new Dictionary<string, string>());
}
