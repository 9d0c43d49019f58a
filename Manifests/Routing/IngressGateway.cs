using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Topology;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Manifests.Routing;

/// <summary>Which API configures the emulated ingress.</summary>
public enum IngressApi
{
    /// <summary>A Gateway API <c>Gateway</c> (gateway.networking.k8s.io): Istio deploys its proxy and converts the listeners.</summary>
    GatewayApi,

    /// <summary>Istio <c>Gateway</c> objects (networking.istio.io) selecting an ingress proxy by its pod labels: the sidecar-era ingress.</summary>
    Istio,
}

/// <summary>
/// The ingress proxy a run emulates: one Gateway API Gateway, or the Istio ingress proxy (e.g. istio-ingressgateway)
/// together with every Istio Gateway whose selector picks it. Istio merges those (<c>push_context.go</c>
/// <c>mergeGateways</c>: a Gateway applies to a proxy when its selector is a subset of the proxy's labels, or has no
/// selector), so VirtualServices bound to any of them share the proxy's ports.
/// </summary>
public sealed record IngressGateway
{
    /// <summary>The ingress proxy of Istio's default install (<c>manifests/charts/gateways/istio-ingress</c>): its pod labels.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultIngressLabels =
        new Dictionary<string, string> { ["app"] = "istio-ingressgateway", ["istio"] = "ingressgateway" };

    public const string DefaultIngressNamespace = "istio-system";

    /// <summary>The default install's ServiceAccount (<c>{{ $gateway.name }}-service-account</c>).</summary>
    public const string DefaultIngressServiceAccount = "istio-ingressgateway-service-account";

    public required IngressApi Api { get; init; }

    /// <summary>The object the run is about: the Gateway API Gateway, or the Istio Gateway that was picked.</summary>
    public required ObjectRef Ref { get; init; }

    /// <summary>Where the proxy runs: VirtualService visibility (exportTo) and the proxy's identity depend on it.</summary>
    public required string ProxyNamespace { get; init; }

    /// <summary>The ServiceAccount the proxy's pods run as.</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>The Gateway API Gateway, for <see cref="IngressApi.GatewayApi"/>.</summary>
    public GatewayManifest? GatewayApiGateway { get; init; }

    /// <summary>Every Istio Gateway that applies to the proxy, in name order, for <see cref="IngressApi.Istio"/>.</summary>
    public IReadOnlyList<IstioGatewayManifest> IstioGateways { get; init; } = [];

    /// <summary>The proxy's pod labels (Istio Gateways); empty for a Gateway API Gateway.</summary>
    public IReadOnlyDictionary<string, string> ProxyLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>What the run assumed because the manifests do not say it (the proxy Deployment is not rendered), or null.</summary>
    public string? Assumption { get; init; }

    public static IngressGateway For(GatewayManifest gateway) => new()
    {
        Api = IngressApi.GatewayApi,
        Ref = gateway.Ref,
        ProxyNamespace = gateway.Ref.Namespace,
        // Istio's automated deployment names the Deployment and its ServiceAccount "<gateway>-<gatewayClassName>";
        // waypoints (class istio-waypoint) keep the gateway's own name (pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go,
        // GetDefaultName; the gateway.istio.io/name-override annotation is not read here).
        ServiceAccount = gateway.GatewayClassName == "istio-waypoint" ? gateway.Ref.Name : $"{gateway.Ref.Name}-{gateway.GatewayClassName}",
        GatewayApiGateway = gateway,
    };

    /// <summary>
    /// The proxy <paramref name="picked"/> selects and every Istio Gateway that applies to it. The proxy is the
    /// rendered Deployment whose pod labels the selector matches; when the chart does not render one (the usual case:
    /// the ingress comes with Istio's install), the proxy of Istio's default install when the selector matches its
    /// labels, else a proxy with exactly the selector's labels in istio-system — and the assumption is said.
    /// </summary>
    public static IngressGateway For(IstioGatewayManifest picked, MeshManifests manifests)
    {
        // A Gateway without selector applies to every gateway proxy: the default ingress is the one to emulate.
        var deployment = manifests.Deployments
            .Where(d => picked.Selector.Count > 0 && Selects(picked.Selector, d.PodLabels))
            .OrderBy(d => d.Ref.Namespace, StringComparer.Ordinal)
            .ThenBy(d => d.Ref.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var selector = picked.Selector.Count == 0 ? "(no selector)" : string.Join(",", picked.Selector.Select(l => $"{l.Key}={l.Value}"));
        var (labels, ns, account, assumption) = deployment is not null
            ? (deployment.PodLabels, deployment.Ref.Namespace, deployment.ServiceAccountName, (string?)null)
            : Selects(picked.Selector, DefaultIngressLabels)
                ? (DefaultIngressLabels, DefaultIngressNamespace, DefaultIngressServiceAccount,
                    $"no rendered Deployment has the labels {selector}: assumed Istio's default ingress proxy "
                    + $"({DefaultIngressNamespace}/istio-ingressgateway, ServiceAccount {DefaultIngressServiceAccount})")
                : (picked.Selector, DefaultIngressNamespace, DefaultIngressServiceAccount,
                    $"no rendered Deployment has the labels {selector}: assumed an ingress proxy with those labels in {DefaultIngressNamespace}, "
                    + $"ServiceAccount {DefaultIngressServiceAccount}");
        return new IngressGateway
        {
            Api = IngressApi.Istio,
            Ref = picked.Ref,
            ProxyNamespace = ns,
            ServiceAccount = account,
            IstioGateways = manifests.IstioGateways
                .Where(g => Selects(g.Selector, labels))
                .OrderBy(g => g.Ref.Namespace, StringComparer.Ordinal)
                .ThenBy(g => g.Ref.Name, StringComparer.Ordinal)
                .ToList(),
            ProxyLabels = labels,
            Assumption = assumption,
        };
    }

    /// <summary><c>labels.Instance.SubsetOf</c>: every selector label is on the proxy; an empty selector selects every proxy.</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> podLabels) =>
        selector.All(label => podLabels.TryGetValue(label.Key, out var value) && value == label.Value);

    /// <summary>The SPIFFE identity of the proxy's pods: what ztunnel reports as the source principal of its requests.</summary>
    public SpiffeId Identity(string trustDomain = SpiffeId.DefaultTrustDomain) => new(trustDomain, ProxyNamespace, ServiceAccount);

    /// <summary>The servers the proxy gets: the Gateway API listeners as Istio converts them, or the Istio Gateways' servers.</summary>
    public IReadOnlyList<ListenerServer> Servers(MeshManifests manifests, IstioVersion istio) =>
        GatewayApiGateway is { } gateway
            ? ListenerServer.For(manifests, gateway, istio)
            : IstioGateways.SelectMany(ListenerServer.For).ToList();

    /// <summary>What was emulated, for reports: "Gateway API Gateway ecommerce/ecommerce-gateway (class istio)".</summary>
    public string Describe() => GatewayApiGateway is { } gateway
        ? $"Gateway API Gateway {gateway.Ref.QualifiedName} (class {gateway.GatewayClassName}, proxy {ProxyNamespace}/{ServiceAccount})"
        : $"Istio ingress proxy {string.Join(",", ProxyLabels.Select(l => $"{l.Key}={l.Value}"))} in {ProxyNamespace} with Istio Gateway"
          + $"{(IstioGateways.Count == 1 ? "" : "s")} {string.Join(", ", IstioGateways.Select(g => g.Ref.QualifiedName))}";

    public override string ToString() => Ref.ToString();
}
