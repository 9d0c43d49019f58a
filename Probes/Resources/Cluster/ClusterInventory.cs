using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Topology;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cluster;
using k8s;
using k8s.Models;

namespace AmbientVerify.Probes.Resources.Cluster;

/// <summary>What the live cluster runs for the platform: each pod's components with the requests and limits of its spec.</summary>
/// <param name="DetectedMode">The mode the namespace and its pods show; null when they show none.</param>
/// <param name="Detection">Why, in a sentence.</param>
public sealed record ClusterInventory(IReadOnlyList<ClusterComponent> Components, MeshMode? DetectedMode, string Detection, int NodeCount, IReadOnlyList<string> Assumptions)
{
    // Pod labels of Istio's charts: ztunnel's DaemonSet (manifests/charts/ztunnel/templates/daemonset.yaml: app: ztunnel)
    // and istio-cni's (manifests/charts/istio-cni/templates/daemonset.yaml: k8s-app: istio-cni-node).
    public const string ZtunnelSelector = "app=ztunnel";
    public const string CniSelector = "k8s-app=istio-cni-node";

    // A gateway's pods: Istio's Gateway API deployment controller labels them gateway.networking.k8s.io/gateway-name
    // (and istio.io/gateway-name before 1.24); the classic ingress chart istio=ingressgateway. Their container is also
    // called istio-proxy, so they are told apart before sidecars are.
    private static readonly string[] GatewayLabels = ["gateway.networking.k8s.io/gateway-name", "istio.io/gateway-name"];

    /// <summary>Reads the namespace, its pods, istio-system's ztunnel / istio-cni / ingress pods and the node count.</summary>
    /// <exception cref="ClusterAccessException">A read was refused (403 names verb and resource), the namespace does not exist, or the API server is unreachable.</exception>
    public static async Task<ClusterInventory> ReadAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        var namespaceObject = await ClusterConnection.ReadAsync(client, "get", "namespaces", c => c.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var pods = await ClusterConnection.ReadAsync(client, "list", "pods", c => c.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var ztunnels = await ClusterConnection.ReadAsync(client, "list", "pods",
            c => c.CoreV1.ListNamespacedPodAsync(IstioMetadata.RootNamespace, labelSelector: ZtunnelSelector, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var cni = await ClusterConnection.ReadAsync(client, "list", "pods",
            c => c.CoreV1.ListNamespacedPodAsync(IstioMetadata.RootNamespace, labelSelector: CniSelector, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var ingress = await ClusterConnection.ReadAsync(client, "list", "pods",
            c => c.CoreV1.ListNamespacedPodAsync(IstioMetadata.RootNamespace, labelSelector: "istio=ingressgateway", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var nodes = await ClusterConnection.ReadAsync(client, "list", "nodes", c => c.CoreV1.ListNodeAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);

        var assumptions = new List<string>
        {
            "Requests and limits are read from the live pods' specs (a sidecar's from its istio-proxy container as injected, not from the injector's defaults); a request left unset is its limit, as the API server defaults it.",
        };
        var components = new List<ClusterComponent>();
        var finished = 0;
        foreach (var pod in pods.Items.Concat(ingress.Items))
        {
            if (pod.Status?.Phase is "Succeeded" or "Failed")
            {
                finished++;
                continue;
            }

            if (IsGateway(pod))
            {
                components.Add(Whole(pod, ComponentKinds.Gateway, pod.Metadata.Name, WorkloadOf(pod)));
                continue;
            }

            components.AddRange(WorkloadAndSidecar(pod));
        }

        if (finished > 0)
        {
            assumptions.Add($"{finished} pod(s) in phase Succeeded or Failed hold no resources and are left out.");
        }

        components.AddRange(ztunnels.Items.Where(Running).Select(p => Whole(p, ComponentKinds.Ztunnel, p.Spec?.NodeName ?? p.Metadata.Name, "ztunnel")));
        components.AddRange(cni.Items.Where(Running).Select(p => Whole(p, ComponentKinds.IstioCni, p.Spec?.NodeName ?? p.Metadata.Name, "istio-cni")));
        var nodeCount = nodes.Items.Count;
        assumptions.Add($"{nodeCount} node(s) in the cluster; {components.Count(c => c.Component.Kind == ComponentKinds.Ztunnel)} ztunnel and {components.Count(c => c.Component.Kind == ComponentKinds.IstioCni)} istio-cni pod(s) run in {IstioMetadata.RootNamespace} (pods {ZtunnelSelector}, {CniSelector}).");

        var (mode, detection) = Detect(namespaceObject, components);
        return new ClusterInventory(components, mode, detection, Math.Max(nodeCount, 1), assumptions);
    }

    private static string? Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    private static bool Running(V1Pod pod) => pod.Status?.Phase is not ("Succeeded" or "Failed");

    private static bool IsGateway(V1Pod pod) =>
        pod.Metadata.Labels is { } labels && (GatewayLabels.Any(labels.ContainsKey) || Label(labels, "istio") == "ingressgateway");

    private static string WorkloadOf(V1Pod pod) =>
        Label(pod.Metadata.Labels, "app.kubernetes.io/name") ?? Label(pod.Metadata.Labels, "app")
        ?? pod.Metadata.OwnerReferences?.FirstOrDefault()?.Name ?? pod.Metadata.Name;

    // The injected istio-proxy: a container, or (Istio with native sidecars, Kubernetes 1.29+) an init container with restartPolicy Always.
    private static V1Container? Proxy(V1Pod pod) =>
        pod.Spec.Containers.FirstOrDefault(c => c.Name == IstioMetadata.ProxyContainer)
        ?? pod.Spec.InitContainers?.FirstOrDefault(c => c.Name == IstioMetadata.ProxyContainer && c.RestartPolicy == "Always");

    private static IEnumerable<ClusterComponent> WorkloadAndSidecar(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var own = pod.Spec.Containers.Where(c => c.Name != IstioMetadata.ProxyContainer).ToList();
        var workload = WorkloadOf(pod);
        yield return new ClusterComponent(
            new ResourceComponent(ComponentKinds.Workload, pod.Metadata.Name, ns, workload,
                Sum(own.Select(c => Amounts(c, pod).Requests)), Sum(own.Select(c => Amounts(c, pod).Limits)),
                Note: $"{own.Count} container(s) of pod {ns}/{pod.Metadata.Name}"),
            ns, pod.Metadata.Name, own.Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
        if (Proxy(pod) is { } proxy)
        {
            var (requests, limits) = Amounts(proxy, pod);
            yield return new ClusterComponent(
                new ResourceComponent(ComponentKinds.Sidecar, pod.Metadata.Name, ns, workload, requests, limits,
                    Note: $"istio-proxy container of pod {ns}/{pod.Metadata.Name} as running"),
                ns, pod.Metadata.Name, new HashSet<string>(StringComparer.Ordinal) { IstioMetadata.ProxyContainer });
        }
    }

    private static ClusterComponent Whole(V1Pod pod, string kind, string name, string workload)
    {
        var containers = pod.Spec.Containers.ToList();
        return new ClusterComponent(
            new ResourceComponent(kind, name, pod.Metadata.NamespaceProperty, workload,
                Sum(containers.Select(c => Amounts(c, pod).Requests)), Sum(containers.Select(c => Amounts(c, pod).Limits)),
                Note: $"pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}{(pod.Spec.NodeName is { } node ? $" on node {node}" : "")}"),
            pod.Metadata.NamespaceProperty, pod.Metadata.Name, containers.Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The container's requests (its limits where a request is unset) and limits.</summary>
    private static (ResourceAmounts Requests, ResourceAmounts Limits) Amounts(V1Container container, V1Pod pod)
    {
        var where = $"pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} container {container.Name}";
        ResourceAmounts Read(IDictionary<string, ResourceQuantity>? quantities, string field) => new(
            quantities?.TryGetValue("cpu", out var cpu) == true ? Quantities.ParseCpu(cpu.ToString(), $"{where} {field}.cpu") : null,
            quantities?.TryGetValue("memory", out var memory) == true ? Quantities.ParseMemory(memory.ToString(), $"{where} {field}.memory") : null);
        var limits = Read(container.Resources?.Limits, "resources.limits");
        var requests = Read(container.Resources?.Requests, "resources.requests");
        return (new ContainerResources(requests, limits).EffectiveRequests, limits);
    }

    private static ResourceAmounts Sum(IEnumerable<ResourceAmounts> amounts)
    {
        var list = amounts.ToList();
        return new ResourceAmounts(
            list.Any(a => a.CpuCores is not null) ? list.Sum(a => a.CpuCores ?? 0) : null,
            list.Any(a => a.MemoryBytes is not null) ? list.Sum(a => a.MemoryBytes ?? 0) : null);
    }

    private static (MeshMode? Mode, string Why) Detect(V1Namespace ns, List<ClusterComponent> components)
    {
        var labels = ns.Metadata.Labels ?? new Dictionary<string, string>();
        var sidecars = components.Count(c => c.Component.Kind == ComponentKinds.Sidecar);
        var name = ns.Metadata.Name;
        if (Label(labels, IstioMetadata.DataplaneModeLabel) == "ambient")
        {
            return (MeshMode.Ambient, $"namespace {name} is labelled {IstioMetadata.DataplaneModeLabel}=ambient" + (sidecars > 0 ? $" ({sidecars} pods still carry a sidecar)" : ""));
        }

        if (Label(labels, IstioMetadata.InjectionLabel) == "enabled" || labels.ContainsKey("istio.io/rev"))
        {
            return (MeshMode.Sidecar, $"namespace {name} is labelled for sidecar injection ({IstioMetadata.InjectionLabel}=enabled or istio.io/rev)");
        }

        return sidecars > 0
            ? (MeshMode.Sidecar, $"{sidecars} pods of namespace {name} carry an istio-proxy sidecar (the namespace has no mesh label)")
            : (null, $"namespace {name} has neither {IstioMetadata.DataplaneModeLabel}=ambient nor {IstioMetadata.InjectionLabel}=enabled, and no pod carries a sidecar");
    }
}
