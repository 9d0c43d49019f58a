using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>A gateway route with the Envoy policy Istio would give it.</summary>
public sealed class MeshRoute(GatewayRoute route, RoutePolicy policy)
{
    public GatewayRoute Route { get; } = route;
    public RoutePolicy Policy { get; } = policy;

    /// <summary>Low-cardinality label for metrics and spans: "&lt;kind&gt;/&lt;name&gt;".</summary>
    public string Label => $"{Route.Kind}/{Route.Name}";
}
