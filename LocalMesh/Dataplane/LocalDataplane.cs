using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>What a ztunnel or sidecar process works from: the mesh topology of the manifests, the CA, the app backends.</summary>
public sealed class LocalDataplane(MeshTopology topology, MeshIdentities identities, BackendResolver backends)
{
    public MeshTopology Topology { get; } = topology;
    public MeshIdentities Identities { get; } = identities;

    /// <summary>
    /// Loads <c>LocalMesh:Manifests</c> and the CA in <c>LocalMesh:MeshCa</c> (created when missing: whichever local
    /// mesh process starts first creates it).
    /// </summary>
    /// <exception cref="ManifestException">A setting is missing or the manifests cannot be read.</exception>
    public static LocalDataplane Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(LocalMeshOptions.SectionName).Get<LocalMeshOptions>() ?? new LocalMeshOptions();
        if (string.IsNullOrWhiteSpace(options.Manifests))
        {
            throw new ManifestException($"{LocalMeshOptions.SectionName}:Manifests is not set: give the directory of rendered manifests.");
        }

        if (string.IsNullOrWhiteSpace(options.MeshCa))
        {
            throw new ManifestException($"{LocalMeshOptions.SectionName}:MeshCa is not set: give the directory of the local mesh CA.");
        }

        IReadOnlyList<NamespaceLabel> assumed;
        try
        {
            assumed = NamespaceAssumptions.Parse(options.AssumeNamespaceLabels);
        }
        catch (FormatException e)
        {
            throw new ManifestException($"{LocalMeshOptions.SectionName}:AssumeNamespaceLabels: {e.Message}");
        }

        var topology = MeshTopology.From(NamespaceAssumptions.Apply(MeshManifests.LoadDirectory(options.Manifests), assumed));
        return new LocalDataplane(topology, new MeshIdentities(MeshCa.LoadOrCreate(options.MeshCa)), new BackendResolver(configuration));
    }

    /// <summary>The workload a pod belongs to.</summary>
    public WorkloadTopology WorkloadOf(PodTopology pod) =>
        Topology.Workloads.First(w => w.Name == pod.Workload && w.Namespace == pod.Namespace);

    /// <summary>The app process behind a pod (all pods of a workload share the one stand-in process), or null.</summary>
    public Uri? BackendOf(WorkloadTopology workload) =>
        workload.Service is { } service ? backends.Resolve(service) : null;

    /// <summary>ztunnel's destination_service label value: the Service's cluster host, or "unknown".</summary>
    public static string ServiceHostOf(WorkloadTopology workload) =>
        workload.ServiceName is { } service ? $"{service}.{workload.Namespace}.svc.cluster.local" : TcpConnectionLabels.Unknown;

    /// <summary>
    /// The workload name and namespace a peer identity stands for, as ztunnel resolves a source workload: a
    /// Deployment running as that service account, else the service account's name itself (Istio's gateway
    /// Deployments are named like their service account).
    /// </summary>
    public (string Workload, string Namespace) WorkloadNamed(SpiffeId identity)
    {
        var workload = Topology.Workloads.FirstOrDefault(w => w.Namespace == identity.Namespace && w.ServiceAccount == identity.ServiceAccount);
        return (workload?.Name ?? identity.ServiceAccount, identity.Namespace);
    }
}
