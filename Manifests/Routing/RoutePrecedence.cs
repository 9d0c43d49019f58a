using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// The orders Istio puts a gateway's routes in; Envoy then takes the first route that matches.
/// </summary>
public static class RoutePrecedence
{
    /// <summary>
    /// HTTPRoute precedence (<c>conversion.go</c> <c>sortHTTPRoutes</c>, a stable sort): routes with no match last;
    /// Exact before Prefix before RegularExpression; longer value first; a method match first; more header matches
    /// first; more query matches first; otherwise the order given (which is oldest route first, then namespace/name,
    /// then rule order: <c>sortRoutesByCreationTime</c>).
    /// </summary>
    public static IReadOnlyList<T> SortHttpRoutes<T>(IEnumerable<T> routes, Func<T, RequestMatch?> matchOf) =>
        routes
            .OrderBy(r => matchOf(r) is null ? 1 : 0)
            .ThenByDescending(r => matchOf(r) is { } m ? UriRank(m.Path) : 0)
            .ThenByDescending(r => matchOf(r)?.Path.Value.Length ?? 0)
            .ThenBy(r => matchOf(r)?.Method is null ? 1 : 0)
            .ThenByDescending(r => matchOf(r)?.Headers.Select(h => h.Name.ToLowerInvariant()).Distinct().Count() ?? 0)
            .ThenByDescending(r => matchOf(r)?.QueryParams.Select(q => q.Name).Distinct().Count() ?? 0)
            .ToList();

    /// <summary>
    /// A virtual host's routes as Envoy gets them (<c>route.go</c> <c>SortVHostRoutes</c>): in the order the
    /// VirtualServices contributed them, except that catch-all routes move to the end.
    /// </summary>
    public static IReadOnlyList<T> CatchAllsLast<T>(IEnumerable<T> routes, Func<T, bool> isCatchAll)
    {
        var list = routes.ToList();
        return [.. list.Where(r => !isCatchAll(r)), .. list.Where(isCatchAll)];
    }

    /// <summary><c>getURIRank</c>: Exact 3, Prefix 2, RegularExpression 1.</summary>
    private static int UriRank(PathMatch path) => path.Type switch
    {
        PathMatchType.Exact => 3,
        PathMatchType.PathPrefix => 2,
        _ => 1,
    };
}
