using System.Globalization;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Topology;
using AmbientVerify.Probes.Audit;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// Builds a <see cref="ResourceSnapshot"/> from rendered manifests: a sidecar per pod the mesh injects (Istio's
/// injector defaults, overridden per pod by the <c>sidecar.istio.io/proxy*</c> annotations), ztunnel and istio-cni per
/// node in ambient, the gateway, and every pod's own containers. Usage is added later with <see cref="WithUsage"/>.
/// </summary>
public static class ResourceSnapshotBuilder
{
    public const string ManifestsSource = "manifests";
    public const string LocalMeshSource = "local mesh (.NET stand-ins)";

    // Istio names the Deployment of an automatically deployed Gateway "<gateway>-<class>" and labels its pods
    // gateway.networking.k8s.io/gateway-name (pilot/pkg/config/kube/gateway/deploymentcontroller.go).
    private const string GatewayNameLabel = "gateway.networking.k8s.io/gateway-name";

    /// <param name="time">When the snapshot is taken; default the system clock.</param>
    /// <exception cref="ArgumentException">The sizing is invalid (e.g. 0 nodes).</exception>
    /// <exception cref="ManifestException">A <c>sidecar.istio.io/proxy*</c> annotation is not a quantity.</exception>
    public static ResourceSnapshot FromManifests(MeshManifests manifests, MeshMode mode, DataplaneSizing sizing, TimeProvider? time = null)
    {
        if (sizing.Problems().FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem, nameof(sizing));
        }

        var topology = MeshTopology.From(manifests);
        var assumptions = new List<string>();
        var components = new List<ResourceComponent>();
        var deployments = manifests.Deployments.ToDictionary(d => (d.Ref.Namespace, d.Ref.Name));
        var gatewayDeployments = GatewayDeployments(manifests);

        var sidecarPods = 0;
        var annotatedPods = 0;
        foreach (var pod in topology.Pods)
        {
            var deployment = deployments[(pod.Namespace, pod.Workload)];
            if (gatewayDeployments.Contains(deployment))
            {
                continue;
            }

            components.Add(WorkloadComponent(pod, deployment));
            if (pod.Dataplane != PodDataplane.Sidecar)
            {
                continue;
            }

            var (sidecar, annotated) = SidecarComponent(pod, deployment);
            components.Add(sidecar);
            sidecarPods++;
            annotatedPods += annotated ? 1 : 0;
        }

        if (sidecarPods > 0)
        {
            assumptions.Add($"Each of the {sidecarPods} injected pods is given Istio's injector defaults ({IstioResourceDefaults.SidecarSource})"
                            + (annotatedPods > 0 ? $", except {annotatedPods} pods whose sidecar.istio.io/proxy* annotations replace them (injection-template.yaml: any of the four replaces the whole default block)." : "."));
        }

        var ranCni = RanCni(manifests, mode, sizing, assumptions);
        if (mode == MeshMode.Ambient)
        {
            components.AddRange(PerNode(ComponentKinds.Ztunnel, sizing.Nodes, sizing.ZtunnelRequests, sizing.ZtunnelLimits, sizing.ZtunnelSource));
            assumptions.Add($"One ztunnel per node on {Nodes(sizing.Nodes)}: {sizing.ZtunnelSource}.");
        }

        if (mode == MeshMode.Ambient || ranCni)
        {
            components.AddRange(PerNode(ComponentKinds.IstioCni, sizing.Nodes, sizing.CniRequests, sizing.CniLimits, sizing.CniSource));
            assumptions.Add($"One istio-cni node agent per node on {Nodes(sizing.Nodes)}: {sizing.CniSource}.");
        }

        components.AddRange(GatewayComponents(manifests, gatewayDeployments, assumptions));

        var mismatch = mode == MeshMode.Ambient
            ? topology.Pods.Count(p => p.Dataplane == PodDataplane.Sidecar) is > 0 and var n ? $"{n} pods still carry a sidecar in the ambient snapshot; they are counted as sidecars." : null
            : topology.Pods.Count(p => p.Dataplane == PodDataplane.Ztunnel) is > 0 and var z ? $"{z} pods are captured by ztunnel in the sidecar snapshot; ztunnel is not counted for them." : null;
        if (mismatch is not null)
        {
            assumptions.Add(mismatch);
        }

        return new ResourceSnapshot(mode, (time ?? TimeProvider.System).GetUtcNow(), ManifestsSource, manifests.SourceDirectory, sizing.Nodes, assumptions, components);
    }

    /// <summary>
    /// The snapshot with measured usage: each usage goes to the component of the same kind and name; a sampled
    /// process that matches none (e.g. the local mesh's one ztunnel standing in for every node) is added as a
    /// component of its own, without requests or limits, so its usage is counted and nothing is double counted.
    /// </summary>
    public static ResourceSnapshot WithUsage(ResourceSnapshot snapshot, IReadOnlyList<(SamplerTarget Target, ResourceUsage Usage)> usages, string source = LocalMeshSource)
    {
        var components = snapshot.Components.ToList();
        foreach (var (target, usage) in usages)
        {
            // A sidecar says "namespace/pod" (two namespaces may have a pod of that name); the others their name.
            var index = components.FindIndex(c => c.Kind == target.Kind && (c.Name == target.Name || $"{c.Namespace}/{c.Name}" == target.Name) && c.Usage is null);
            if (index >= 0)
            {
                components[index] = components[index] with { Usage = usage };
            }
            else
            {
                components.Add(new ResourceComponent(target.Kind, target.Name, null, null, ResourceAmounts.Unset, ResourceAmounts.Unset, usage,
                    "sampled process that matches no component of the manifests; its usage is counted, it has no requests or limits"));
            }
        }

        var assumptions = snapshot.Assumptions.ToList();
        if (source == LocalMeshSource)
        {
            assumptions.Add("Usage was sampled from the local mesh: .NET stand-ins for Envoy, ztunnel and the workloads, not the real proxies; their CPU and memory say nothing about Envoy's or ztunnel's.");
        }

        return snapshot with { Components = components, Assumptions = assumptions, Source = $"{snapshot.Source} + usage from {source}" };
    }

    /// <summary>The snapshot with load figures (LoadTests' scenarios).</summary>
    public static ResourceSnapshot WithLoad(ResourceSnapshot snapshot, IReadOnlyList<LoadFigures> load) => snapshot with { Load = load };

    private static string Nodes(int nodes) => nodes == 1 ? "1 node" : $"{nodes} nodes";

    private static ResourceComponent WorkloadComponent(PodTopology pod, DeploymentManifest deployment)
    {
        var containers = deployment.Containers.Where(c => c.Name != IstioMetadata.ProxyContainer).ToList();
        return new ResourceComponent(ComponentKinds.Workload, pod.Name, pod.Namespace, pod.Workload,
            Sum(containers.Select(c => c.Resources.EffectiveRequests)),
            Sum(containers.Select(c => c.Resources.Limits)),
            Note: $"{containers.Count} container(s) of Deployment {deployment.Ref.QualifiedName} ({deployment.Ref.Source})");
    }

    private static (ResourceComponent Component, bool Annotated) SidecarComponent(PodTopology pod, DeploymentManifest deployment)
    {
        // An already injected manifest states the proxy's resources itself.
        if (deployment.Containers.FirstOrDefault(c => c.Name == IstioMetadata.ProxyContainer) is { } injected)
        {
            return (new ResourceComponent(ComponentKinds.Sidecar, pod.Name, pod.Namespace, pod.Workload,
                injected.Resources.EffectiveRequests, injected.Resources.Limits,
                Note: $"istio-proxy container as rendered ({deployment.Ref.Source})"), false);
        }

        var annotations = deployment.PodAnnotations;
        if (!IstioResourceDefaults.ProxyResourceAnnotations.Any(annotations.ContainsKey))
        {
            return (new ResourceComponent(ComponentKinds.Sidecar, pod.Name, pod.Namespace, pod.Workload,
                IstioResourceDefaults.SidecarRequests, IstioResourceDefaults.SidecarLimits,
                Note: "Istio injector defaults (global.proxy.resources)"), false);
        }

        var where = $"{deployment.Ref.Source}: Deployment {deployment.Ref.QualifiedName}: pod annotation";
        var requests = new ResourceAmounts(
            Cpu(annotations, IstioResourceDefaults.ProxyCpuAnnotation, where),
            Memory(annotations, IstioResourceDefaults.ProxyMemoryAnnotation, where));
        var limits = new ResourceAmounts(
            Cpu(annotations, IstioResourceDefaults.ProxyCpuLimitAnnotation, where),
            Memory(annotations, IstioResourceDefaults.ProxyMemoryLimitAnnotation, where));
        var effective = new ContainerResources(requests, limits).EffectiveRequests;
        var set = string.Join(", ", IstioResourceDefaults.ProxyResourceAnnotations.Where(annotations.ContainsKey).Select(a => $"{a}={annotations[a]}"));
        return (new ResourceComponent(ComponentKinds.Sidecar, pod.Name, pod.Namespace, pod.Workload, effective, limits,
            Note: $"annotations {set} (they replace every default)"), true);
    }

    private static double? Cpu(IReadOnlyDictionary<string, string> annotations, string key, string where) =>
        annotations.TryGetValue(key, out var text) ? Quantities.ParseCpu(text, $"{where} {key}") : null;

    private static long? Memory(IReadOnlyDictionary<string, string> annotations, string key, string where) =>
        annotations.TryGetValue(key, out var text) ? Quantities.ParseMemory(text, $"{where} {key}") : null;

    private static IEnumerable<ResourceComponent> PerNode(string kind, int nodes, ResourceAmounts requests, ResourceAmounts limits, string source) =>
        Enumerable.Range(0, nodes).Select(i => new ResourceComponent(kind, $"node-{i.ToString(CultureInfo.InvariantCulture)}", IstioMetadata.RootNamespace, kind, requests, limits, Note: source));

    private static bool RanCni(MeshManifests manifests, MeshMode mode, DataplaneSizing sizing, List<string> assumptions)
    {
        if (mode != MeshMode.Sidecar)
        {
            if (sizing.BeforeStateRanCni)
            {
                assumptions.Add("--before-ran-cni says what the sidecar install ran: it changes the sidecar snapshot, not this ambient one.");
            }

            return false;
        }

        if (sizing.BeforeStateRanCni)
        {
            assumptions.Add("The sidecar install already ran istio-cni (as told): it is counted here, so ambient does not add it.");
            return true;
        }

        if (manifests.OtherObjects.FirstOrDefault(o => o.Kind == "DaemonSet" && o.Name.Contains("istio-cni", StringComparison.Ordinal)) is { } daemonSet)
        {
            assumptions.Add($"The sidecar install runs istio-cni ({daemonSet}): it is counted here, so ambient does not add it.");
            return true;
        }

        var injected = manifests.Deployments.Where(d => d.Containers.Any(c => c.Name == IstioMetadata.ProxyContainer)).ToList();
        if (injected.Count > 0 && injected.All(d => !d.InitContainerNames.Contains(IstioResourceDefaults.InitContainer)))
        {
            assumptions.Add($"The injected pods ({injected[0].Ref} …) have no istio-init container, so the sidecar install ran istio-cni: it is counted here, so ambient does not add it.");
            return true;
        }

        assumptions.Add("Assumed the sidecar install used the istio-init container, not istio-cni (no istio-cni DaemonSet in the manifests; pass --before-ran-cni otherwise): ambient adds istio-cni on every node.");
        return false;
    }

    // A Gateway API Gateway's Deployment (Istio's naming and label), or the ingress pods an Istio Gateway selects.
    private static IEnumerable<(ObjectRef Gateway, Func<DeploymentManifest, bool> Runs)> Gateways(MeshManifests manifests) =>
        manifests.Gateways.Select(g => (g.Ref, (Func<DeploymentManifest, bool>)(d => d.Ref.Namespace == g.Ref.Namespace
                && (d.PodLabels.GetValueOrDefault(GatewayNameLabel) == g.Ref.Name || d.Ref.Name == $"{g.Ref.Name}-{g.GatewayClassName}"))))
            .Concat(manifests.IstioGateways.Select(g => (g.Ref, (Func<DeploymentManifest, bool>)(d => g.Selector.Count > 0
                && g.Selector.All(l => d.PodLabels.GetValueOrDefault(l.Key) == l.Value)))));

    private static HashSet<DeploymentManifest> GatewayDeployments(MeshManifests manifests) =>
        [.. manifests.Deployments.Where(d => Gateways(manifests).Any(g => g.Runs(d)))];

    private static IEnumerable<ResourceComponent> GatewayComponents(MeshManifests manifests, HashSet<DeploymentManifest> deployments, List<string> assumptions)
    {
        foreach (var (gateway, runs) in Gateways(manifests))
        {
            var deployment = deployments.FirstOrDefault(runs);
            if (deployment is null)
            {
                assumptions.Add($"{gateway.Kind} {gateway.QualifiedName}: the Deployment of its proxy is not rendered (Istio or the ingress chart deploys it), so it is not counted; it runs in both modes.");
                yield return new ResourceComponent(ComponentKinds.Gateway, gateway.Name, gateway.Namespace, null, ResourceAmounts.Unset, ResourceAmounts.Unset,
                    Note: "not rendered, not counted");
                continue;
            }

            for (var i = 0; i < deployment.Replicas; i++)
            {
                yield return new ResourceComponent(ComponentKinds.Gateway, $"{deployment.Ref.Name}-{i}", deployment.Ref.Namespace, deployment.Ref.Name,
                    Sum(deployment.Containers.Select(c => c.Resources.EffectiveRequests)),
                    Sum(deployment.Containers.Select(c => c.Resources.Limits)),
                    Note: $"Deployment {deployment.Ref.QualifiedName} ({deployment.Ref.Source})");
            }
        }
    }

    // The sum of what is set; null when no container sets it.
    private static ResourceAmounts Sum(IEnumerable<ResourceAmounts> amounts)
    {
        var list = amounts.ToList();
        return new ResourceAmounts(
            list.Any(a => a.CpuCores is not null) ? list.Sum(a => a.CpuCores ?? 0) : null,
            list.Any(a => a.MemoryBytes is not null) ? list.Sum(a => a.MemoryBytes ?? 0) : null);
    }
}
