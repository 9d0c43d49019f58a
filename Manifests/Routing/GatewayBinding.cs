namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// How Istio reads a VirtualService's <c>gateways</c> (<c>pilot/pkg/model/config.go</c> <c>resolveGatewayName</c>,
/// applied by <c>virtualservice.go</c> <c>ResolveVirtualServiceShortnames</c>): "mesh" stays "mesh" (sidecar clients,
/// never an ingress gateway); "name" and "./name" are the VirtualService's namespace; "ns/name" is as written; the legacy
/// FQDN "name.ns.svc.cluster.local" is "ns/name". A VirtualService without gateways binds to "mesh" only.
/// </summary>
public static class GatewayBinding
{
    public const string Mesh = "mesh";

    public static string Resolve(string gateway, string vsNamespace)
    {
        if (gateway == Mesh)
        {
            return gateway;
        }

        var slash = gateway.IndexOf('/');
        if (slash >= 0)
        {
            return gateway[..slash] == "." ? $"{vsNamespace}/{gateway[(slash + 1)..]}" : gateway;
        }

        var dot = gateway.IndexOf('.');
        if (dot < 0)
        {
            return $"{vsNamespace}/{gateway}";
        }

        var rest = gateway[(dot + 1)..];
        var nextDot = rest.IndexOf('.');
        return $"{(nextDot < 0 ? rest : rest[..nextDot])}/{gateway[..dot]}";
    }

    /// <summary>The resolved names a VirtualService binds to as a whole ("mesh" when it names none).</summary>
    public static IReadOnlyList<string> Of(Model.VirtualServiceManifest virtualService) =>
        virtualService.Gateways.Count == 0
            ? [Mesh]
            : virtualService.Gateways.Select(g => Resolve(g, virtualService.Ref.Namespace)).ToList();
}
