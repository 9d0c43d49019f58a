using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Manifests;

/// <summary>
/// Which Gateway is the platform's ingress, and the routes it serves (see <see cref="RouteResolver"/> for how Istio
/// resolves them).
/// </summary>
public static class GatewayRoutes
{
    /// <summary>Prefixes that say which kind <c>--gateway-name</c> means when both kinds have the name (kubectl's resource.group).</summary>
    public const string GatewayApiPrefix = "gateways.gateway.networking.k8s.io/";

    public const string IstioPrefix = "gateways.networking.istio.io/";

    /// <summary>
    /// The ingress to emulate: the Gateway API Gateway or Istio Gateway named <paramref name="gatewayName"/> ("name",
    /// "namespace/name", or either prefixed with <see cref="GatewayApiPrefix"/> or <see cref="IstioPrefix"/>), or else
    /// the one with the most attached or bound routes (ties: Gateway API first, then by name). An Istio Gateway brings
    /// its proxy's other Istio Gateways with it (<see cref="IngressGateway.For(IstioGatewayManifest, MeshManifests)"/>).
    /// </summary>
    /// <exception cref="ManifestException">No gateway of either kind, none with that name, or a name both kinds have (the message lists the ones there are).</exception>
    public static IngressGateway SelectMainGateway(MeshManifests manifests, string? gatewayName = null)
    {
        if (manifests.Gateways.Count == 0 && manifests.IstioGateways.Count == 0)
        {
            throw new ManifestException(
                $"{manifests.SourceDirectory}: no Gateway found, neither gateway.networking.k8s.io (the HTTPRoutes' parent) nor networking.istio.io "
                + "(the Istio ingress the VirtualServices bind to); render the chart's gateway too");
        }

        if (gatewayName is not null)
        {
            return Named(manifests, gatewayName);
        }

        var candidates = manifests.Gateways.Select(g => (Gateway: IngressGateway.For(g), Routes: AttachedRouteCount(manifests, g), Order: 0))
            .Concat(manifests.IstioGateways.Select(g => IngressGateway.For(g, manifests)).Select(g => (Gateway: g, Routes: BoundRouteCount(manifests, g), Order: 1)));
        return candidates
            .OrderByDescending(c => c.Routes)
            .ThenBy(c => c.Order)
            .ThenBy(c => c.Gateway.Ref.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Gateway.Ref.Namespace, StringComparer.Ordinal)
            .First().Gateway;
    }

    private static IngressGateway Named(MeshManifests manifests, string gatewayName)
    {
        var wanted = gatewayName.StartsWith(GatewayApiPrefix, StringComparison.Ordinal) ? IngressApi.GatewayApi
            : gatewayName.StartsWith(IstioPrefix, StringComparison.Ordinal) ? IngressApi.Istio
            : (IngressApi?)null;
        var name = wanted switch
        {
            IngressApi.GatewayApi => gatewayName[GatewayApiPrefix.Length..],
            IngressApi.Istio => gatewayName[IstioPrefix.Length..],
            _ => gatewayName,
        };
        bool Is(ObjectRef r) => r.Name == name || $"{r.Namespace}/{r.Name}" == name;
        var api = wanted is null or IngressApi.GatewayApi ? manifests.Gateways.Where(g => Is(g.Ref)).ToList() : [];
        var istio = wanted is null or IngressApi.Istio ? manifests.IstioGateways.Where(g => Is(g.Ref)).ToList() : [];
        if (api.Count + istio.Count == 1)
        {
            return api.Count == 1 ? IngressGateway.For(api[0]) : IngressGateway.For(istio[0], manifests);
        }

        if (api.Count + istio.Count == 0)
        {
            var available = manifests.Gateways.Select(g => g.Ref.QualifiedName)
                .Concat(manifests.IstioGateways.Select(g => $"{g.Ref.QualifiedName} (Istio Gateway)"))
                .Order(StringComparer.Ordinal);
            throw new ManifestException($"{manifests.SourceDirectory}: no Gateway named '{gatewayName}'; available: {string.Join(", ", available)}");
        }

        var qualified = api.Select(g => GatewayApiPrefix + g.Ref.QualifiedName).Concat(istio.Select(g => IstioPrefix + g.Ref.QualifiedName));
        throw new ManifestException($"{manifests.SourceDirectory}: '{gatewayName}' names {api.Count + istio.Count} gateways: "
                                    + $"say which with --gateway-name {string.Join(" or ", qualified)}");
    }

    /// <summary>The gateway's routes as Istio resolves them for <paramref name="versions"/>.</summary>
    public static GatewayRouting Resolve(MeshManifests manifests, IngressGateway gateway, MeshVersions versions) =>
        RouteResolver.Resolve(manifests, gateway, versions);

    /// <summary>
    /// The versions a run assumes: the Istio version given (default the newest supported) and the Gateway API channel
    /// given, else the one the manifests' HTTPRoute CRD declares, else experimental (the channel that has HTTPRoute retry).
    /// </summary>
    public static MeshVersions Versions(MeshManifests manifests, IstioVersion? istio = null, GatewayApiChannel? channel = null)
    {
        var version = istio ?? IstioVersion.Default;
        if (channel is { } given)
        {
            return new MeshVersions(version, given, "--gateway-api-channel");
        }

        var crd = manifests.CustomResourceDefinitions.FirstOrDefault(c => c.Group == "gateway.networking.k8s.io" && c.Kind == "HTTPRoute" && c.Channel is not null);
        return crd is not null && Enum.TryParse<GatewayApiChannel>(crd.Channel, ignoreCase: true, out var declared)
            ? new MeshVersions(version, declared, $"the HTTPRoute CRD in the manifests, {crd.Ref.Source}")
            : new MeshVersions(version, GatewayApiChannel.Experimental, "default: no Gateway API CRD in the manifests");
    }

    private static int AttachedRouteCount(MeshManifests manifests, GatewayManifest gateway)
    {
        var listenerNames = gateway.Listeners
            .SelectMany(l => new[] { IstioVersion.Oldest, IstioVersion.Newest }.Select(v => $"{gateway.Ref.Namespace}/{v.InternalGatewayName(gateway.Ref.Name, l.Name)}"))
            .ToHashSet();
        return manifests.HttpRoutes.Count(route => route.ParentRefs.Any(p => HttpRouteAttachment.Names(p, route, gateway)))
               + manifests.VirtualServices.Count(vs => GatewayBinding.Of(vs).Any(listenerNames.Contains));
    }

    /// <summary>VirtualServices bound to the Istio Gateway or to another Istio Gateway on the same proxy.</summary>
    private static int BoundRouteCount(MeshManifests manifests, IngressGateway proxy)
    {
        var names = proxy.IstioGateways.Select(g => $"{g.Ref.Namespace}/{g.Ref.Name}").ToHashSet();
        return manifests.VirtualServices.Count(vs => GatewayBinding.Of(vs).Any(names.Contains));
    }
}
