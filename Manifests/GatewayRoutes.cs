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
    /// <summary>
    /// The Gateway named <paramref name="gatewayName"/> ("name" or "namespace/name"), or else the one with the most
    /// attached routes (ties broken alphabetically by name).
    /// </summary>
    /// <exception cref="ManifestException">No Gateway at all, or none with that name (the message lists the ones there are).</exception>
    public static GatewayManifest SelectMainGateway(MeshManifests manifests, string? gatewayName = null)
    {
        if (manifests.Gateways.Count == 0)
        {
            throw new ManifestException(
                $"{manifests.SourceDirectory}: no Gateway (gateway.networking.k8s.io) found; expected the ingress Gateway the HTTPRoutes attach to");
        }

        if (gatewayName is not null)
        {
            return manifests.Gateways.FirstOrDefault(g => g.Ref.Name == gatewayName || $"{g.Ref.Namespace}/{g.Ref.Name}" == gatewayName)
                   ?? throw new ManifestException(
                       $"{manifests.SourceDirectory}: no Gateway named '{gatewayName}'; available: "
                       + string.Join(", ", manifests.Gateways.Select(g => $"{g.Ref.Namespace}/{g.Ref.Name}").Order(StringComparer.Ordinal)));
        }

        return manifests.Gateways
            .OrderByDescending(g => AttachedRouteCount(manifests, g))
            .ThenBy(g => g.Ref.Name, StringComparer.Ordinal)
            .ThenBy(g => g.Ref.Namespace, StringComparer.Ordinal)
            .First();
    }

    /// <summary>The gateway's routes as Istio resolves them for <paramref name="versions"/>.</summary>
    public static GatewayRouting Resolve(MeshManifests manifests, GatewayManifest gateway, MeshVersions versions) =>
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
}
