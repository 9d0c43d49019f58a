using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// Where each pod's sidecar listens, read from the <c>/workloads</c> of the pod's own sidecar process, or else of
/// its workload's (the addresses are chosen by that process), and cached; asked again when a pod is not known yet.
/// </summary>
/// <param name="adminByPodOrWorkload">Admin URLs keyed by pod (one process per pod) or workload, each as namespace/name.</param>
public sealed class SidecarDirectory(IReadOnlyDictionary<NamespacedName, Uri> adminByPodOrWorkload)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ConcurrentDictionary<string, IPEndPoint> _inbound = new(StringComparer.Ordinal);

    /// <summary>Whether a sidecar process is configured for the pod (its own, or its workload's).</summary>
    public bool Knows(PodTopology pod) => AdminOf(pod) is not null;

    /// <summary>The pod's sidecar inbound address; null when no sidecar process is configured for its workload.</summary>
    /// <exception cref="HttpRequestException">The sidecar process cannot be asked (the try then fails to connect).</exception>
    /// <exception cref="IOException">The sidecar process does not list the pod.</exception>
    public async ValueTask<IPEndPoint?> InboundOfAsync(PodTopology pod, CancellationToken cancellationToken)
    {
        if (AdminOf(pod) is not { } admin)
        {
            return null;
        }

        if (_inbound.TryGetValue(pod.QualifiedName, out var known))
        {
            return known;
        }

        var entries = await Http.GetFromJsonAsync<List<WorkloadEntry>>(new Uri(admin, "/workloads"), System.Text.Json.JsonSerializerOptions.Web, cancellationToken) ?? [];
        foreach (var entry in entries)
        {
            _inbound[$"{entry.PodName}.{entry.Namespace}"] = HostPort.Parse(entry.Address, $"{admin}workloads");
        }

        return _inbound.TryGetValue(pod.QualifiedName, out var found)
            ? found
            : throw new IOException($"the sidecar process at {admin} does not list pod {pod.QualifiedName}");
    }

    private Uri? AdminOf(PodTopology pod) =>
        adminByPodOrWorkload.TryGetValue(pod.Id, out var admin) || adminByPodOrWorkload.TryGetValue(pod.WorkloadId, out admin) ? admin : null;
}
