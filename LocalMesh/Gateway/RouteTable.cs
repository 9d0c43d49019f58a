using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>The routes the gateway serves, and which one a request takes.</summary>
public sealed class RouteTable
{
    public RouteTable(IEnumerable<GatewayRoute> routes, IstioHttpRetry? meshDefaultRetryPolicy = null)
    {
        Routes = routes.Select(route => new MeshRoute(route, RoutePolicyTranslator.Translate(route, meshDefaultRetryPolicy))).ToList();
    }

    public IReadOnlyList<MeshRoute> Routes { get; }

    /// <summary>Where the routes came from, for /__mesh/routes and /health ("Gateway ns/name from /dir").</summary>
    public string Origin { get; init; } = "routes given in code";

    /// <summary>
    /// The most specific route for <paramref name="host"/> (without port) and <paramref name="path"/>: the most
    /// specific host first (as Envoy picks the virtual host first), then exact path, regular expression, longest
    /// prefix; on a tie the first route in table order. Null when nothing matches (Envoy's 404).
    /// </summary>
    public MeshRoute? Match(string host, string path)
    {
        MeshRoute? best = null;
        (int Host, int PathRank, int PathLength) bestScore = default;
        foreach (var route in Routes)
        {
            var hostScore = route.Host.Score(host);
            if (hostScore == 0 || !route.Path.Matches(path))
            {
                continue;
            }

            var (rank, length) = route.Path.Specificity;
            var score = (hostScore, rank, length);
            if (best is null || score.CompareTo(bestScore) > 0)
            {
                best = route;
                bestScore = score;
            }
        }

        return best;
    }
}
