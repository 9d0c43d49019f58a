using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Probes.Expectations;

/// <summary>Each probed route's expectations (<see cref="RouteExpectationsResolver"/>), by route id.</summary>
/// <param name="fallback">For a route the matrix does not probe (the audit also looks at objects off the gateway).</param>
public sealed class ExpectationsByRoute(IReadOnlyDictionary<RouteId, RouteExpectations> byRoute, RouteExpectations fallback)
{
    /// <summary>The plan's values for every route: no expectations file.</summary>
    public static ExpectationsByRoute Uniform(ExpectationOptions plan) => new(new Dictionary<RouteId, RouteExpectations>(), RouteExpectations.Plan(plan));

    public RouteExpectations For(GatewayRoute route) => For(route.Id);

    public RouteExpectations For(RouteId id) => byRoute.GetValueOrDefault(id) ?? fallback;

    /// <summary>
    /// The expectations of an HTTPRoute rule: those of the rule's first match on the gateway (the matches of one rule
    /// share its policy, and the first is the one an entry most likely names).
    /// </summary>
    public RouteExpectations ForHttpRouteRule(string @namespace, string name, int rule) =>
        byRoute.Where(x => x.Key is { Kind: RouteKind.HTTPRoute } id && id.Namespace == @namespace && id.Name == name && id.Rule == rule)
            .OrderBy(x => x.Key.Match)
            .Select(x => x.Value)
            .FirstOrDefault() ?? fallback;
}
