using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Probes.Expectations;

/// <summary>
/// Gives every probed route its expectations: the first file entry that matches it, else the file's defaults, else
/// the plan's. An entry that matches no route, or only routes an earlier entry takes, stops the run: a typo in a
/// route name must not silently leave that route judged by the plan.
/// </summary>
public static class RouteExpectationsResolver
{
    /// <param name="file">Null: every route gets the plan's values.</param>
    /// <param name="routes">The routes the matrix runs on (one per route id).</param>
    /// <exception cref="ManifestException">An entry matches none of <paramref name="routes"/>; the message lists them.</exception>
    public static ExpectationsByRoute Resolve(ExpectationsFile? file, ExpectationOptions plan, GatewayRouting routing, IReadOnlyList<GatewayRoute> routes)
    {
        if (file is null)
        {
            return new ExpectationsByRoute(routes.ToDictionary(r => r.Id, _ => RouteExpectations.Plan(plan)), RouteExpectations.Plan(plan));
        }

        var belowRoutes = file.Defaults.ApplyTo(plan);
        var fallback = file.DefaultsSource is { } defaultsSource && file.Defaults.SetsAny
            ? new RouteExpectations(belowRoutes, defaultsSource)
            : RouteExpectations.Plan(plan);

        var unmatched = file.Routes.Where(entry => !routes.Any(route => entry.Match.Matches(route, routing))).ToList();
        if (unmatched.Count > 0)
        {
            throw new ManifestException(string.Join(Environment.NewLine, unmatched.Select(entry =>
                $"{entry.Source}: expectations: {entry.Field}.match {{{entry.Match}}} matches no route of the gateway, so it would change nothing; " +
                $"the routes are: {string.Join("; ", routes.Select(Describe))}")));
        }

        var winners = routes.ToDictionary(route => route.Id, route => file.Routes.FirstOrDefault(entry => entry.Match.Matches(route, routing)));

        // An entry whose every route an earlier entry takes changes nothing either: most likely the order is wrong.
        var shadowed = file.Routes.Where(entry => !winners.Values.Contains(entry)).ToList();
        if (shadowed.Count > 0)
        {
            throw new ManifestException(string.Join(Environment.NewLine, shadowed.Select(entry =>
            {
                var routesItMatches = routes.Where(route => entry.Match.Matches(route, routing)).ToList();
                var earlier = routesItMatches.Select(route => winners[route.Id]!).Distinct().Select(e => $"{e.Field} ({e.Source})");
                return $"{entry.Source}: expectations: {entry.Field}.match {{{entry.Match}}} matches only routes an earlier entry already takes " +
                       $"({string.Join(", ", routesItMatches.Select(r => r.Name))}, taken by {string.Join(", ", earlier)}), so it would change nothing: " +
                       "put the more specific entry first";
            })));
        }

        var byRoute = winners.ToDictionary(x => x.Key, x => x.Value is { } entry
            ? new RouteExpectations(entry.Values.ApplyTo(belowRoutes), entry.Source, entry.SkipMatrix)
            : fallback);
        return new ExpectationsByRoute(byRoute, fallback);
    }

    /// <summary>"reviews (HTTPRoute ecommerce/reviews, host *, path /reviews)": what a user can write in a match.</summary>
    private static string Describe(GatewayRoute route) =>
        $"{route.Name} ({route.Kind} {route.Id.Namespace}/{route.Id.Name}, host {string.Join("|", route.Domains)}, path {route.Path.Value})";
}
