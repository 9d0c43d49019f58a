using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The routes the gateway serves, each with the Envoy policy Istio gives it, and which one a request takes. Immutable:
/// a reload builds a new table and <see cref="RouteTableSource"/> swaps it in, so a request keeps the table it started with.
/// </summary>
public sealed class RouteTable
{
    private readonly Dictionary<GatewayRoute, MeshRoute> _byRoute = new(ReferenceEqualityComparer.Instance);

    public RouteTable(GatewayRouting routing, IstioHttpRetry? meshDefaultRetryPolicy = null)
    {
        Routing = routing;
        Routes = routing.Routes.Select(route => new MeshRoute(route, RoutePolicyTranslator.Translate(route, meshDefaultRetryPolicy, routing.Versions.Istio))).ToList();
        foreach (var route in Routes)
        {
            _byRoute[route.Route] = route;
        }
    }

    public GatewayRouting Routing { get; }

    public IReadOnlyList<MeshRoute> Routes { get; }

    /// <summary>Where the routes came from, for /__mesh/routes and /health ("Gateway ns/name from /dir").</summary>
    public string Origin { get; init; } = "routes given in code";

    /// <summary>The route Envoy takes for <paramref name="request"/> (virtual host by authority, then the first match); null = 404.</summary>
    public MeshRoute? Match(RequestFacts request) =>
        Routing.Select(request) is { } route ? _byRoute[route] : null;
}
