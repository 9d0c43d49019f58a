using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>
/// Reads what the checks need from a live cluster, every request through <see cref="ClusterConnection.ReadAsync"/>
/// so a refusal names its verb and resource. Only get and list: the reading never writes.
/// A resource that is not served (404 on its list: a CRD not installed) is recorded in
/// <see cref="LiveCluster.MissingApis"/> and the reading goes on.
/// </summary>
public static class LiveClusterReader
{
    public const string ZtunnelName = "ztunnel";
    public const string IstioCniName = "istio-cni-node";

    // The labels Istio's charts put on its node agents and on istiod (istio/istio manifests/charts/ztunnel/templates/
    // daemonset.yaml `app: ztunnel`, manifests/charts/istio-cni/templates/daemonset.yaml `k8s-app: istio-cni-node`,
    // manifests/charts/istio-control/istio-discovery/templates/deployment.yaml `app: istiod`).
    public const string ZtunnelSelector = "app=ztunnel";
    public const string IstioCniSelector = "k8s-app=istio-cni-node";
    public const string IstiodSelector = "app=istiod";

    public const string HttpRouteCrdName = "httproutes.gateway.networking.k8s.io";
    public const string BundleVersionAnnotation = "gateway.networking.k8s.io/bundle-version";

    private const string GatewayApi = "gateway.networking.k8s.io";
    private const string IstioNetworking = "networking.istio.io";
    private const string IstioSecurity = "security.istio.io";
    private const string IstioTelemetry = "telemetry.istio.io";
    private const string IstioExtensions = "extensions.istio.io";

    /// <summary>A custom resource the reading lists: where (all namespaces, or the target's and the root namespace) and whether its absence matters.</summary>
    /// <param name="Optional">Not served is no finding (Telemetry, WasmPlugin: clusters without them have none).</param>
    private sealed record CustomKind(string Group, string Version, string Kind, string Plural, Scope Scope, bool Optional = false);

    private enum Scope { Cluster, AllNamespaces, TargetAndRoot }

    private static readonly CustomKind[] CustomKinds =
    [
        new(GatewayApi, "v1", "GatewayClass", "gatewayclasses", Scope.Cluster),
        // The ingress usually lives in istio-ingress / istio-system, and routes of any namespace may attach to it.
        new(GatewayApi, "v1", "Gateway", "gateways", Scope.AllNamespaces),
        new(GatewayApi, "v1", "HTTPRoute", "httproutes", Scope.AllNamespaces),
        new(GatewayApi, "v1beta1", "ReferenceGrant", "referencegrants", Scope.AllNamespaces),
        new(IstioNetworking, "v1", "Gateway", "gateways", Scope.AllNamespaces),
        new(IstioNetworking, "v1", "VirtualService", "virtualservices", Scope.AllNamespaces),
        new(IstioNetworking, "v1", "DestinationRule", "destinationrules", Scope.AllNamespaces),
        new(IstioNetworking, "v1alpha3", "EnvoyFilter", "envoyfilters", Scope.TargetAndRoot),
        new(IstioSecurity, "v1", "PeerAuthentication", "peerauthentications", Scope.TargetAndRoot),
        new(IstioSecurity, "v1", "RequestAuthentication", "requestauthentications", Scope.TargetAndRoot),
        new(IstioSecurity, "v1", "AuthorizationPolicy", "authorizationpolicies", Scope.TargetAndRoot),
        new(IstioTelemetry, "v1", "Telemetry", "telemetries", Scope.TargetAndRoot, Optional: true),
        new(IstioExtensions, "v1alpha1", "WasmPlugin", "wasmplugins", Scope.TargetAndRoot, Optional: true),
    ];

    /// <exception cref="ClusterAccessException">The namespace does not exist, or a read was refused (401, 403, unreachable).</exception>
    public static async Task<LiveCluster> ReadAsync(IKubernetes client, ClusterTarget target, CancellationToken ct)
    {
        var ns = target.Namespace;
        var root = Manifests.Topology.IstioMetadata.RootNamespace;
        var missing = new List<MissingApi>();
        var objects = new List<LiveObject>();

        V1Namespace targetNamespace;
        try
        {
            targetNamespace = await ClusterConnection.ReadAsync(client, "get", $"namespaces/{ns}",
                c => c.CoreV1.ReadNamespaceAsync(ns, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (IsNotFound(e))
        {
            throw new ClusterAccessException($"namespace {ns} not found: {e.Message}; pass the platform's namespace with --namespace", e);
        }

        var namespaces = await ClusterConnection.ReadAsync(client, "list", "namespaces", c => c.CoreV1.ListNamespaceAsync(cancellationToken: ct)).ConfigureAwait(false);

        var deployments = await ClusterConnection.ReadAsync(client, "list", $"deployments.apps in {ns}",
            c => c.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct)).ConfigureAwait(false);
        objects.AddRange(deployments.Items.Select(d => Typed(d, "apps/v1", "Deployment", "apps")));
        var services = await ClusterConnection.ReadAsync(client, "list", $"services in {ns}",
            c => c.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: ct)).ConfigureAwait(false);
        objects.AddRange(services.Items.Select(s => Typed(s, "v1", "Service", "")));
        var pods = await ClusterConnection.ReadAsync(client, "list", $"pods in {ns}",
            c => c.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct)).ConfigureAwait(false);

        var statuses = new List<LiveHttpRouteStatus>();
        foreach (var kind in CustomKinds)
        {
            string?[] namespacesToRead = kind.Scope == Scope.TargetAndRoot ? [.. new[] { ns, root }.Distinct()] : [null];
            foreach (var where in namespacesToRead)
            {
                var items = await ListCustomAsync(client, kind, where, missing, ct).ConfigureAwait(false);
                foreach (var item in items)
                {
                    if (kind.Kind == "HTTPRoute")
                    {
                        statuses.Add(LiveStatuses.HttpRoute(item));
                    }

                    objects.Add(Custom(item, kind));
                }
            }
        }

        // Namespaces as the manifests would have them: the target's, and those holding routes (allowedRoutes selectors
        // read their labels). Not every namespace of the cluster: kube-system is no part of the platform to audit.
        var routeNamespaces = objects.Where(o => o.Key.Kind is "HTTPRoute" or "VirtualService").Select(o => o.Key.Namespace).ToHashSet(StringComparer.Ordinal);
        objects.InsertRange(0, namespaces.Items
            .Where(n => n.Metadata.Name != ns && routeNamespaces.Contains(n.Metadata.Name))
            .Prepend(targetNamespace)
            .Select(n => Typed(n, "v1", "Namespace", "")));

        var nodes = await ClusterConnection.ReadAsync(client, "list", "nodes", c => c.CoreV1.ListNodeAsync(cancellationToken: ct)).ConfigureAwait(false);
        var daemonSets = new List<LiveDaemonSet>();
        foreach (var (name, selector) in new[] { (ZtunnelName, ZtunnelSelector), (IstioCniName, IstioCniSelector) })
        {
            if (await ReadDaemonSetAsync(client, name, selector, ct).ConfigureAwait(false) is { } daemonSet)
            {
                daemonSets.Add(daemonSet);
            }
        }

        var istio = await IstioVersionAsync(client, ct).ConfigureAwait(false);
        var crds = await GatewayApiCrdsAsync(client, ct).ConfigureAwait(false);

        return new LiveCluster(
            target,
            objects,
            [.. pods.Items.Select(LivePods.From)],
            [.. deployments.Items.Select(d => new LiveDeploymentSelector(ns, d.Metadata.Name,
                (IReadOnlyDictionary<string, string>?)d.Spec?.Selector?.MatchLabels?.ToDictionary(StringComparer.Ordinal) ?? new Dictionary<string, string>()))],
            daemonSets,
            [.. nodes.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal)],
            istio,
            crds,
            statuses,
            [.. missing.DistinctBy(m => m.Group)]);
    }

    private static async Task<IReadOnlyList<JsonObject>> ListCustomAsync(IKubernetes client, CustomKind kind, string? ns, List<MissingApi> missing, CancellationToken ct)
    {
        var resource = $"{kind.Plural}.{kind.Group}" + (ns is null ? "" : $" in {ns}");
        try
        {
            var list = await ClusterConnection.ReadAsync(client, "list", resource, c => ns is null
                // For a namespaced kind the cluster-wide list is every namespace's objects.
                ? c.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(kind.Group, kind.Version, kind.Plural, cancellationToken: ct)
                : c.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(kind.Group, kind.Version, ns, kind.Plural, cancellationToken: ct)).ConfigureAwait(false);
            return [.. (list?["items"] as JsonArray ?? []).OfType<JsonObject>()];
        }
        catch (ClusterAccessException e) when (IsNotFound(e))
        {
            // A list is never 404 for an existing resource (an empty or unknown namespace lists nothing): the CRD is not installed.
            if (!kind.Optional)
            {
                missing.Add(new MissingApi(kind.Group, $"{kind.Plural}.{kind.Group}",
                    $"{kind.Group} is not served (CRD not installed): listing {kind.Plural}.{kind.Group}/{kind.Version} answered 404"));
            }

            return [];
        }
    }

    /// <summary>The DaemonSet named <paramref name="name"/> in istio-system, else the first one carrying <paramref name="selector"/> anywhere; with its pods.</summary>
    private static async Task<LiveDaemonSet?> ReadDaemonSetAsync(IKubernetes client, string name, string selector, CancellationToken ct)
    {
        var list = await ClusterConnection.ReadAsync(client, "list", $"daemonsets.apps with {selector} (all namespaces)",
            c => c.AppsV1.ListDaemonSetForAllNamespacesAsync(labelSelector: selector, cancellationToken: ct)).ConfigureAwait(false);
        var root = Manifests.Topology.IstioMetadata.RootNamespace;
        var daemonSet = list.Items.FirstOrDefault(d => d.Metadata.Name == name && d.Metadata.NamespaceProperty == root)
                        ?? list.Items.FirstOrDefault(d => d.Metadata.Name == name)
                        ?? list.Items.FirstOrDefault();
        if (daemonSet is null)
        {
            return null;
        }

        var podSelector = daemonSet.Spec?.Selector?.MatchLabels is { Count: > 0 } labels
            ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))
            : selector;
        var ns = daemonSet.Metadata.NamespaceProperty;
        var pods = await ClusterConnection.ReadAsync(client, "list", $"pods in {ns}",
            c => c.CoreV1.ListNamespacedPodAsync(ns, labelSelector: podSelector, cancellationToken: ct)).ConfigureAwait(false);
        return new LiveDaemonSet(ns, daemonSet.Metadata.Name, daemonSet.Status?.DesiredNumberScheduled ?? 0, daemonSet.Status?.NumberReady ?? 0,
            [.. pods.Items.Select(LivePods.From)]);
    }

    private static async Task<LiveIstioVersion> IstioVersionAsync(IKubernetes client, CancellationToken ct)
    {
        var list = await ClusterConnection.ReadAsync(client, "list", $"deployments.apps with {IstiodSelector} (all namespaces)",
            c => c.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: IstiodSelector, cancellationToken: ct)).ConfigureAwait(false);
        var istiod = list.Items.OrderBy(d => d.Metadata.NamespaceProperty == Manifests.Topology.IstioMetadata.RootNamespace ? 0 : 1).FirstOrDefault();
        if (istiod is null)
        {
            return new LiveIstioVersion(null, $"no Deployment labelled {IstiodSelector} in any namespace (is Istio installed?)");
        }

        var image = istiod.Spec?.Template?.Spec?.Containers?.FirstOrDefault(c => c.Name == "discovery")?.Image
                    ?? istiod.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Image;
        var where = $"Deployment {istiod.Metadata.NamespaceProperty}/{istiod.Metadata.Name}";
        return IstioImages.VersionOf(image) is { } version
            ? new LiveIstioVersion(version, $"image {image} of {where}")
            : new LiveIstioVersion(null, $"the image {image ?? "(none)"} of {where} has no version tag (a digest or 'latest')");
    }

    private static async Task<LiveGatewayApiCrds> GatewayApiCrdsAsync(IKubernetes client, CancellationToken ct)
    {
        V1CustomResourceDefinition crd;
        try
        {
            crd = await ClusterConnection.ReadAsync(client, "get", $"customresourcedefinitions/{HttpRouteCrdName}",
                c => c.ApiextensionsV1.ReadCustomResourceDefinitionAsync(HttpRouteCrdName, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (IsNotFound(e))
        {
            return new LiveGatewayApiCrds(false, null, null, false, $"no CustomResourceDefinition {HttpRouteCrdName} (Gateway API CRDs not installed)");
        }

        var annotations = crd.Metadata.Annotations ?? new Dictionary<string, string>();
        var json = JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject();
        return new LiveGatewayApiCrds(
            true,
            annotations.TryGetValue(Manifests.Versions.GatewayApiChannels.ChannelAnnotation, out var channel) ? channel : null,
            annotations.TryGetValue(BundleVersionAnnotation, out var bundle) ? bundle : null,
            CrdSchemas.HttpRouteDeclaresRetry(json),
            $"CustomResourceDefinition {HttpRouteCrdName}");
    }

    private static LiveObject Typed<T>(T item, string apiVersion, string kind, string group)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(item))!.AsObject();
        return ToLive(json, apiVersion, kind, group);
    }

    private static LiveObject Custom(JsonObject item, CustomKind kind) => ToLive(item, $"{kind.Group}/{kind.Version}", kind.Kind, kind.Group);

    private static LiveObject ToLive(JsonObject json, string apiVersion, string kind, string group)
    {
        // A custom object keeps the apiVersion it was stored with (v1beta1, v1alpha3); typed list items have none.
        var version = LiveObjectJson.Text(json["apiVersion"]) is { Length: > 0 } stored && stored.StartsWith(group.Length == 0 ? "v" : group + "/", StringComparison.Ordinal)
            ? stored
            : apiVersion;
        var cleaned = LiveObjectJson.Clean(json, version, kind);
        var ns = kind == "Namespace" ? "" : LiveObjectJson.Namespace(cleaned);
        return new LiveObject(new LiveObjectKey(group, kind, ns, LiveObjectJson.Name(cleaned) ?? ""), cleaned, LiveObjectJson.IsHarnessObject(cleaned))
        {
            LastApplied = LiveObjectJson.LastApplied(json),
        };
    }

    private static bool IsNotFound(ClusterAccessException e) => e.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };
}
