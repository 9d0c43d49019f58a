using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests;

/// <summary>
/// Which Gateway is the platform's ingress, and which paths it serves with whose policy
/// (HTTPRoutes attached to it, and VirtualServices bound to it, the VirtualService winning on a shared path).
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
            .OrderByDescending(g => AttachedHttpRoutes(manifests, g).Count() + BoundVirtualServices(manifests, g).Count())
            .ThenBy(g => g.Ref.Name, StringComparer.Ordinal)
            .ThenBy(g => g.Ref.Namespace, StringComparer.Ordinal)
            .First();
    }

    /// <summary>
    /// One <see cref="GatewayRoute"/> per path <paramref name="gateway"/> serves, ordered by path.
    /// Rules or http routes without a backend (redirects, direct responses) are left out: no service answers them.
    /// </summary>
    public static IReadOnlyList<GatewayRoute> Resolve(MeshManifests manifests, GatewayManifest gateway)
    {
        var listenerHostnames = gateway.Listeners.Select(l => l.Hostname).OfType<string>().Distinct().ToList();

        // Objects are taken in name order, so "first one wins" on a conflicting path is deterministic.
        var fromHttpRoutes = AttachedHttpRoutes(manifests, gateway)
            .OrderBy(r => r.Ref.Namespace, StringComparer.Ordinal).ThenBy(r => r.Ref.Name, StringComparer.Ordinal)
            .SelectMany(route => route.Rules
                .Where(rule => rule.BackendRefs.Count > 0)
                .SelectMany(rule => rule.Matches.Select((path, matchIndex) => new Candidate(path, rule.Index, matchIndex, new GatewayRoute(
                    route.Ref.Name,
                    RouteKind.HTTPRoute,
                    path,
                    route.Hostnames.Count > 0 ? route.Hostnames : listenerHostnames,
                    rule.BackendRefs[0].Name,
                    rule.BackendRefs[0].Port,
                    route,
                    rule,
                    VirtualService: null,
                    VirtualServiceRoute: null)))))
            .DistinctBy(c => c.Path)
            .ToDictionary(c => c.Path);

        var fromVirtualServices = BoundVirtualServices(manifests, gateway)
            .OrderBy(v => v.Ref.Namespace, StringComparer.Ordinal).ThenBy(v => v.Ref.Name, StringComparer.Ordinal)
            .SelectMany(vs => vs.Http
                .Where(http => http.Destinations.Count > 0)
                .SelectMany(http => http.Matches.Select((path, matchIndex) => new Candidate(path, http.Index, matchIndex, new GatewayRoute(
                    vs.Ref.Name,
                    RouteKind.VirtualService,
                    path,
                    HostsServedBy(vs.Hosts, listenerHostnames),
                    ServiceNameOf(http.Destinations[0].Host),
                    http.Destinations[0].Port,
                    // The duplicate HTTPRoute on the same path, kept for reference (its policy is not effective).
                    fromHttpRoutes.GetValueOrDefault(path)?.Route.HttpRoute,
                    fromHttpRoutes.GetValueOrDefault(path)?.Route.HttpRouteRule,
                    vs,
                    http)))))
            // Istio takes the first VirtualService http route that matches; later duplicates never apply.
            .DistinctBy(c => c.Path)
            .ToList();

        var effective = fromVirtualServices
            .Concat(fromHttpRoutes.Values.Where(c => fromVirtualServices.All(v => v.Path != c.Path)))
            .OrderBy(c => c.Path.Value, StringComparer.Ordinal)
            .ThenBy(c => c.Path.Type)
            .ToList();
        return UniqueNames(effective);
    }

    /// <summary>HTTPRoutes with a Gateway parentRef naming <paramref name="gateway"/> (parentRef namespace defaults to the route's).</summary>
    public static IEnumerable<HttpRouteManifest> AttachedHttpRoutes(MeshManifests manifests, GatewayManifest gateway) =>
        manifests.HttpRoutes.Where(route => route.ParentRefs.Any(parent =>
            parent.Kind == "Gateway"
            && parent.Name == gateway.Ref.Name
            && (parent.Namespace ?? route.Ref.Namespace) == gateway.Ref.Namespace));

    /// <summary>VirtualServices whose <c>gateways</c> name <paramref name="gateway"/> as "namespace/name" or, in its own namespace, "name".</summary>
    public static IEnumerable<VirtualServiceManifest> BoundVirtualServices(MeshManifests manifests, GatewayManifest gateway) =>
        manifests.VirtualServices.Where(vs => vs.Gateways.Any(bound =>
            bound == $"{gateway.Ref.Namespace}/{gateway.Ref.Name}"
            || (bound == gateway.Ref.Name && vs.Ref.Namespace == gateway.Ref.Namespace)));

    /// <summary>"customer-service.ecommerce.svc.cluster.local" → "customer-service": the Service a VirtualService host names.</summary>
    public static string ServiceNameOf(string host)
    {
        var dot = host.IndexOf('.');
        return dot < 0 ? host : host[..dot];
    }

    /// <summary>
    /// A gateway applies a VirtualService only for the hosts its listeners accept (Istio intersects them).
    /// Listeners without a hostname accept any host, so then every VirtualService host counts.
    /// </summary>
    private static IReadOnlyList<string> HostsServedBy(IReadOnlyList<string> hosts, IReadOnlyList<string> listenerHostnames) =>
        listenerHostnames.Count == 0
            ? hosts
            : hosts.Where(host => listenerHostnames.Any(listener => HostMatches(listener, host))).ToList();

    private static bool HostMatches(string listener, string host) =>
        listener == host
        || host == "*"
        || (listener.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(listener[1..], StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Names are the effective object's name; where one object serves several paths, "#rule" (and if needed
    /// "#rule.match") is appended so every route has its own name in reports and metrics.
    /// </summary>
    private static List<GatewayRoute> UniqueNames(IReadOnlyList<Candidate> candidates)
    {
        var names = candidates.Select(c => c.Route.Name).ToArray();
        Disambiguate(names, i => $"{candidates[i].Route.Name}#{candidates[i].RuleIndex}");
        Disambiguate(names, i => $"{candidates[i].Route.Name}#{candidates[i].RuleIndex}.{candidates[i].MatchIndex}");
        Disambiguate(names, i => $"{candidates[i].Route.Kind}/{candidates[i].Route.Name}#{candidates[i].RuleIndex}.{candidates[i].MatchIndex}");
        return candidates.Select((c, i) => c.Route with { Name = names[i] }).ToList();
    }

    private static void Disambiguate(string[] names, Func<int, string> longerName)
    {
        var clashing = names.Select((name, index) => (name, index))
            .GroupBy(n => n.name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(n => n.index))
            .ToList();
        foreach (var index in clashing)
        {
            names[index] = longerName(index);
        }
    }

    private sealed record Candidate(PathMatch Path, int RuleIndex, int MatchIndex, GatewayRoute Route);
}
