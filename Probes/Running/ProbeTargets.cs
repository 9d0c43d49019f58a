using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Probes.Running;

/// <summary>One route to run the matrix on, and the request that reaches it.</summary>
/// <param name="Request">Null when no request can be built that the gateway would give to this route.</param>
/// <param name="Problem">Why there is no request (a regex nothing fits, or an earlier route takes the request).</param>
public sealed record ProbeTarget(GatewayRoute Route, ProbeRequest? Request, string? Problem);

/// <summary>
/// Builds a probe request for each route from its own match (host of its virtual host, method, path, the headers and
/// query parameters it requires) and checks, with the same routing the gateway does, that the request is taken by that
/// route: a route whose requests an earlier route takes is shadowed, and probing it would measure the other route.
/// </summary>
public static class ProbeTargets
{
    /// <summary>The host sent for a "*" virtual host: a name no other virtual host claims.</summary>
    public const string AnyHost = "probe.ambientverify.invalid";

    /// <summary>
    /// One target per route (<see cref="RouteId"/>): a route in several virtual hosts has one policy, so it is probed
    /// once, through the first virtual host whose probe request reaches it.
    /// </summary>
    public static IReadOnlyList<ProbeTarget> For(GatewayRouting routing) =>
        routing.RoutesWithBackends
            .GroupBy(route => route.Id)
            .Select(instances =>
            {
                var attempts = instances.Select(route => For(routing, route)).ToList();
                return attempts.FirstOrDefault(t => t.Request is not null) ?? attempts[0];
            })
            .ToList();

    public static ProbeTarget For(GatewayRouting routing, GatewayRoute route)
    {
        var (request, problem) = Build(routing, route);
        if (request is null)
        {
            return new ProbeTarget(route, null, problem);
        }

        // The fault instruction and the tries header ride along on every probe: they must not change the route.
        var taken = routing.Select(request.ToFacts("uuid=00000000000000000000000000000000&responseCode=500", [new(ProbeRequest.TriesHeader, "0")]));
        return taken is null || !ReferenceEquals(taken, route)
            ? new ProbeTarget(route, null,
                taken is null
                    ? $"the probe request {request} matches no route of the gateway (Envoy would answer 404)"
                    : $"the probe request {request} is taken by {taken.Name} ({taken.Source.QualifiedName} {taken.Match}) first: this rule is shadowed for it")
            : new ProbeTarget(route, request, null);
    }

    private static (ProbeRequest? Request, string? Problem) Build(GatewayRouting routing, GatewayRoute route)
    {
        var host = ConcreteHost(routing, route);
        if (host is null)
        {
            return (null, $"no host name reaches virtual host {string.Join(", ", route.Domains)} (a more specific virtual host claims every candidate)");
        }

        var match = route.Match;
        string path;
        switch (match.Path.Type)
        {
            case PathMatchType.RegularExpression:
                if (RegexSample.For(match.Path.Value) is not { } sample)
                {
                    return (null, $"no path fits the regular expression {match.Path.Value} (the harness builds simple samples only)");
                }

                path = sample.StartsWith('/') ? sample : "/" + sample;
                break;
            default:
                path = match.Path.Value.Length == 0 ? "/" : match.Path.Value;
                break;
        }

        var method = match.Method ?? "GET";
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in match.Headers.Where(h => !h.Invert))
        {
            if (Sample(header.Match) is not { } value)
            {
                return (null, $"no value fits {header}");
            }

            switch (header.Name.ToLowerInvariant())
            {
                case ":authority" or "host": host = value; break;
                case ":method": method = value; break;
                case ":scheme" or ":path": break;
                default: headers.Add(new(header.Name, value)); break;
            }
        }

        var query = new List<KeyValuePair<string, string>>();
        foreach (var parameter in match.QueryParams)
        {
            if (Sample(parameter.Match) is not { } value)
            {
                return (null, $"no value fits {parameter}");
            }

            query.Add(new(parameter.Name, value));
        }

        return (new ProbeRequest(method, host, path, query, headers), null);
    }

    /// <summary>A host that makes Envoy pick the route's virtual host: one of its exact domains, or a name under its wildcard.</summary>
    private static string? ConcreteHost(GatewayRouting routing, GatewayRoute route)
    {
        var candidates = route.Domains.Select(domain => domain switch
        {
            "*" => AnyHost,
            _ when domain.StartsWith("*.", StringComparison.Ordinal) => "probe" + domain[1..],
            _ when domain.StartsWith('*') => "probe" + domain[1..],
            _ => domain,
        });
        return candidates.FirstOrDefault(host => routing.VirtualHostFor(host)?.Domains.SequenceEqual(route.Domains) == true);
    }

    private static string? Sample(StringMatch match) => match.Type switch
    {
        StringMatchType.Exact or StringMatchType.Prefix => match.Value,
        StringMatchType.RegularExpression => RegexSample.For(match.Value),
        _ => "1",
    };
}
