using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Reading;

/// <summary>VirtualService, DestinationRule (networking.istio.io) and PeerAuthentication (security.istio.io).</summary>
internal static class IstioReaders
{
    public static VirtualServiceManifest VirtualService(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        return new VirtualServiceManifest(
            @ref,
            Hosts: spec?.Strings("hosts") ?? [],
            Gateways: spec?.Strings("gateways") ?? [],
            Http: spec?.Maps("http").Select((route, index) => HttpRoute(route.As($"{map.Subject} http {index}"), index)).ToList() ?? []);
    }

    public static DestinationRuleManifest DestinationRule(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        var policy = spec?.Map("trafficPolicy");

        // Subsets carry their own trafficPolicy; L7 settings there count as much as top-level ones.
        var policies = new[] { policy }
            .Concat(spec?.Maps("subsets").Select(subset => subset.Map("trafficPolicy")) ?? [])
            .OfType<YamlMap>()
            .ToList();
        return new DestinationRuleManifest(
            @ref,
            Host: spec?.RequiredString("host", "expected the service host, e.g. customer-service.ecommerce.svc.cluster.local")
                  ?? throw map.Error(map.Node, "spec is missing (expected spec.host)"),
            TlsMode: policy?.Map("tls")?.String("mode"),
            HasConnectionPool: policies.Any(p => p.Has("connectionPool")),
            HasOutlierDetection: policies.Any(p => p.Has("outlierDetection")));
    }

    public static PeerAuthenticationManifest PeerAuthentication(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        return new PeerAuthenticationManifest(
            @ref,
            spec?.Map("selector")?.StringDictionary("matchLabels") ?? new Dictionary<string, string>(),
            spec?.Map("mtls")?.String("mode"));
    }

    private static VirtualServiceHttpRoute HttpRoute(YamlMap route, int index)
    {
        var matches = route.Maps("match").Select(PathOf).ToList();
        var destinations = route.Maps("route");
        return new VirtualServiceHttpRoute(
            index,
            route.String("name"),
            // No match (or a match without uri) matches every path.
            matches.Count == 0 ? [new PathMatch(PathMatchType.PathPrefix, "/")] : matches,
            destinations.Select(d => Destination(d, soleDestination: destinations.Count == 1)).ToList(),
            route.Duration("timeout"),
            RetryReaders.VirtualServiceRetries(route));
    }

    private static PathMatch PathOf(YamlMap match)
    {
        var uri = match.Map("uri");
        if (uri is null)
        {
            return new PathMatch(PathMatchType.PathPrefix, "/");
        }

        if (uri.String("prefix") is { } prefix)
        {
            return new PathMatch(PathMatchType.PathPrefix, prefix);
        }

        if (uri.String("exact") is { } exact)
        {
            return new PathMatch(PathMatchType.Exact, exact);
        }

        if (uri.String("regex") is { } regex)
        {
            return new PathMatch(PathMatchType.RegularExpression, regex);
        }

        throw uri.Error(uri.Node, $"{uri.Path} has none of prefix, exact, regex (expected e.g. prefix: /api/customers)");
    }

    private static VirtualServiceDestination Destination(YamlMap route, bool soleDestination)
    {
        var destination = route.Map("destination")
                          ?? throw route.Error(route.Node, $"{route.FieldPath("destination")} is missing (expected destination.host)");
        return new VirtualServiceDestination(
            destination.RequiredString("host", "expected a service host, e.g. customer-service"),
            destination.Map("port")?.Int("number", "expected a port number, e.g. 8080"),
            // Istio: a sole destination takes all traffic; with several, an unset weight is 0.
            route.NonNegativeInt("weight", "expected a weight between 0 and 100") ?? (soleDestination ? 100 : 0));
    }
}
