using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Manifests.Reading;

/// <summary>VirtualService, DestinationRule (networking.istio.io) and PeerAuthentication (security.istio.io).</summary>
internal static class IstioReaders
{
    private static readonly HashSet<string> VirtualServiceFields = ["hosts", "gateways", "http", "exportTo"];

    private static readonly HashSet<string> HttpRouteFields =
    [
        "name", "match", "route", "timeout", "retries", "headers", "rewrite", "redirect", "mirror", "mirrorPercentage",
        "mirrorPercent", "mirrors", "fault", "directResponse",
    ];

    private static readonly HashSet<string> MatchFields =
        ["name", "uri", "headers", "withoutHeaders", "queryParams", "method", "authority", "scheme", "ignoreUriCase", "port", "gateways", "statPrefix"];

    public static VirtualServiceManifest VirtualService(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        var notEmulated = new List<NotEmulated>();
        foreach (var field in spec?.Keys.Where(key => !VirtualServiceFields.Contains(key)) ?? [])
        {
            notEmulated.Add(new NotEmulated(field, spec!.SourceOf(field), field switch
            {
                "tcp" or "tls" => $"{field} routes: the local gateway serves HTTP only",
                _ => "a field the harness does not model; Istio may act on it",
            }));
        }

        return new VirtualServiceManifest(
            @ref,
            Hosts: spec?.Strings("hosts") ?? [],
            Gateways: spec?.Strings("gateways") ?? [],
            Http: spec?.Maps("http").Select((route, index) => HttpRoute(route.As($"{map.Subject} http {index}"), index, @ref.Namespace)).ToList() ?? [])
        {
            ExportTo = spec?.Strings("exportTo") ?? [],
            NotEmulated = notEmulated,
        };
    }

    public static IstioGatewayManifest Gateway(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        return new IstioGatewayManifest(
            @ref,
            spec?.StringDictionary("selector") ?? new Dictionary<string, string>(),
            spec?.Maps("servers").Select(server =>
            {
                var port = server.Map("port") ?? throw server.Error(server.Node, $"{server.FieldPath("port")} is missing (expected port.number and port.protocol)");
                var tls = server.Map("tls");
                return new IstioGatewayServer(
                    port.String("name"),
                    port.Int("number", "expected a port number, e.g. 80") ?? throw port.Error(port.Node, $"{port.FieldPath("number")} is missing"),
                    (port.String("protocol") ?? "HTTP").ToUpperInvariant(),
                    server.Strings("hosts"))
                {
                    HttpsRedirect = tls?.Bool("httpsRedirect") ?? false,
                };
            }).ToList() ?? []);
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

    private static VirtualServiceHttpRoute HttpRoute(YamlMap route, int index, string vsNamespace)
    {
        var notEmulated = new List<NotEmulated>();
        foreach (var field in route.Keys.Where(key => !HttpRouteFields.Contains(key)))
        {
            notEmulated.Add(new NotEmulated(route.FieldPath(field), route.SourceOf(field), field switch
            {
                "corsPolicy" => "Istio programs Envoy's CORS filter (preflights answered by the gateway); the local gateway forwards preflights",
                "delegate" => "delegation to another VirtualService is not emulated: the delegate's routes are not served locally",
                _ => "a field the harness does not model; Istio may act on it",
            }));
        }

        var matches = route.Maps("match").Select(match => MatchOf(match, vsNamespace, notEmulated)).ToList();
        var destinations = route.Maps("route");
        return new VirtualServiceHttpRoute(
            index,
            route.String("name"),
            // No match (or a match without uri) matches every path.
            matches.Count == 0 ? [RequestMatch.AnyRequest] : matches,
            destinations.Select(d => Destination(d, soleDestination: destinations.Count == 1, vsNamespace)).ToList(),
            route.Duration("timeout"),
            RetryReaders.VirtualServiceRetries(route))
        {
            Actions = Actions(route, vsNamespace) with { NotEmulated = notEmulated },
            MatchesEverything = matches.Count == 0,
            Source = route.Source,
        };
    }

    private static RequestMatch MatchOf(YamlMap match, string vsNamespace, List<NotEmulated> notEmulated)
    {
        foreach (var field in match.Keys.Where(key => !MatchFields.Contains(key)))
        {
            notEmulated.Add(new NotEmulated(match.FieldPath(field), match.SourceOf(field), field switch
            {
                "sourceLabels" or "sourceNamespace" =>
                    $"{field} selects client workloads (sidecars); the harness cannot tell the gateway's pod labels, so the match is kept as if it did not restrict",
                _ => "a match field the harness does not model; Istio may act on it",
            }));
        }

        var headers = NamedMatches(match, "headers", invert: false).Concat(NamedMatches(match, "withoutHeaders", invert: true)).ToList();
        if (match.Map("authority") is { } authority)
        {
            headers.Add(new HeaderMatch(":authority", StringMatchOf(authority)));
        }

        if (match.Map("scheme") is { } scheme)
        {
            headers.Add(new HeaderMatch(":scheme", StringMatchOf(scheme)));
        }

        string? method = null;
        if (match.Map("method") is { } methodMatch)
        {
            var methodValue = StringMatchOf(methodMatch);
            if (methodValue.Type == StringMatchType.Exact)
            {
                method = methodValue.Value;
            }
            else
            {
                // Envoy matches :method like any header; only an exact value counts as a method for precedence.
                headers.Add(new HeaderMatch(":method", methodValue));
            }
        }

        return new RequestMatch(PathOf(match))
        {
            Method = method,
            Headers = headers,
            QueryParams = Named(match, "queryParams").Select(q => new QueryParamMatch(q.Name, q.Match)).ToList(),
            IgnoreUriCase = match.String("ignoreUriCase") is "true" or "True",
            Port = match.Int("port", "expected a port number, e.g. 80"),
            Gateways = match.Strings("gateways").Select(gateway => GatewayBinding.Resolve(gateway, vsNamespace)).ToList(),
        };
    }

    private static IEnumerable<HeaderMatch> NamedMatches(YamlMap match, string field, bool invert) =>
        Named(match, field).Select(h => new HeaderMatch(h.Name, h.Match, invert));

    /// <summary>A map of name → StringMatch (headers, withoutHeaders, queryParams), in document order.</summary>
    private static List<(string Name, StringMatch Match)> Named(YamlMap match, string field)
    {
        var map = match.Map(field);
        if (map is null)
        {
            return [];
        }

        return map.Node.Children.Select(entry =>
        {
            var name = ScalarKey(match, entry.Key);
            return (name, StringMatchOf(map.Map(name)));
        }).ToList();
    }

    private static string ScalarKey(YamlMap map, YamlDotNet.RepresentationModel.YamlNode key) =>
        key is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } name } ? name : throw map.Error(key, "match keys must be single values");

    /// <summary>Istio's StringMatch: one of exact, prefix, regex; an empty <c>{}</c> (or regex "*") means "present" (route.go).</summary>
    private static StringMatch StringMatchOf(YamlMap? match)
    {
        if (match is null)
        {
            return new StringMatch(StringMatchType.Present, "");
        }

        if (match.String("exact") is { } exact)
        {
            return new StringMatch(StringMatchType.Exact, exact);
        }

        if (match.String("prefix") is { } prefix)
        {
            return new StringMatch(StringMatchType.Prefix, prefix);
        }

        if (match.String("regex") is { } regex)
        {
            // route.go canBeConvertedToPresentMatch: "*" is not RE2, it becomes present_match.
            return regex == "*" ? new StringMatch(StringMatchType.Present, "") : new StringMatch(StringMatchType.RegularExpression, regex);
        }

        return new StringMatch(StringMatchType.Present, "");
    }

    private static PathMatch PathOf(YamlMap match)
    {
        var uri = match.Map("uri");
        if (uri is null)
        {
            return PathMatch.Any;
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

    /// <summary>headers, rewrite, redirect, mirror(s), fault and directResponse of an http route, as istio/api virtual_service.proto defines them.</summary>
    private static RouteActions Actions(YamlMap route, string vsNamespace)
    {
        var mirrors = new List<MirrorPolicy>();
        if (route.Map("mirror") is { } mirror)
        {
            // mirrorPercentage (a double) wins over the deprecated integer mirrorPercent; neither means 100%.
            double? percent = route.Map("mirrorPercentage") is { } percentage ? Percent(percentage) : route.Int("mirrorPercent", "expected a percentage");
            mirrors.Add(new MirrorPolicy(DestinationOf(mirror, 1, vsNamespace), percent));
        }

        foreach (var policy in route.Maps("mirrors"))
        {
            var destination = policy.Map("destination") ?? throw policy.Error(policy.Node, $"{policy.FieldPath("destination")} is missing");
            mirrors.Add(new MirrorPolicy(DestinationOf(destination, 1, vsNamespace), policy.Map("percentage") is { } p ? Percent(p) : null));
        }

        return new RouteActions
        {
            Headers = Headers(route.Map("headers")),
            Rewrite = route.Map("rewrite") is { } rewrite
                ? new UriRewrite(rewrite.String("uri"), rewrite.Map("uriRegexRewrite")?.String("match"), rewrite.Map("uriRegexRewrite")?.String("rewrite"), rewrite.String("authority"))
                : null,
            Redirect = route.Map("redirect") is { } redirect ? RedirectOf(redirect) : null,
            Mirrors = mirrors,
            Fault = route.Map("fault") is { } fault ? FaultOf(fault) : null,
            DirectResponse = route.Map("directResponse") is { } direct
                ? new DirectResponse(
                    direct.Int("status", "expected an HTTP status, e.g. 503") ?? throw direct.Error(direct.Node, $"{direct.FieldPath("status")} is missing"),
                    direct.Map("body")?.String("string"))
                : null,
        };
    }

    private static HeaderPolicy? Headers(YamlMap? headers) =>
        headers is null ? null : new HeaderPolicy(Operations(headers.Map("request")), Operations(headers.Map("response")));

    private static HeaderOperations? Operations(YamlMap? operations) => operations is null
        ? null
        : new HeaderOperations(
            operations.StringDictionary("set").ToList(),
            operations.StringDictionary("add").ToList(),
            operations.Strings("remove"));

    /// <summary>VirtualService redirect: Envoy answers 301 unless redirectCode says otherwise (route.go ApplyRedirect).</summary>
    private static Redirect RedirectOf(YamlMap redirect)
    {
        var port = redirect.Int("port", "expected a port number, e.g. 443");
        var derive = redirect.String("derivePort") switch
        {
            "FROM_REQUEST_PORT" => RedirectPort.FromRequest,
            "FROM_PROTOCOL_DEFAULT" => RedirectPort.FromProtocolDefault,
            null => RedirectPort.Keep,
            var other => throw redirect.Error(redirect.Node, $"{redirect.FieldPath("derivePort")} '{other}' is not FROM_PROTOCOL_DEFAULT or FROM_REQUEST_PORT"),
        };
        return new Redirect(
            redirect.String("uri"),
            null,
            redirect.String("authority"),
            redirect.String("scheme"),
            port,
            derive,
            redirect.Int("redirectCode", "expected 301, 302, 303, 307 or 308") ?? 301);
    }

    private static FaultInjection FaultOf(YamlMap fault)
    {
        FaultDelay? delay = null;
        if (fault.Map("delay") is { } d)
        {
            // Only a fixed delay is translated (route.go TranslateFault: "Exponential faults are not yet supported").
            delay = d.Duration("fixedDelay") is { } fixedDelay
                ? new FaultDelay(fixedDelay, d.Map("percentage") is { } p ? Percent(p) : d.Int("percent", "expected a percentage"))
                : null;
        }

        FaultAbort? abort = null;
        if (fault.Map("abort") is { } a && a.Int("httpStatus", "expected an HTTP status, e.g. 503") is { } status)
        {
            abort = new FaultAbort(status, a.Map("percentage") is { } p ? Percent(p) : null);
        }

        return new FaultInjection(delay, abort);
    }

    private static double Percent(YamlMap percentage) =>
        double.TryParse(percentage.String("value") ?? "0", System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw percentage.Error(percentage.Node, $"{percentage.FieldPath("value")} is not a number (expected e.g. 50.0)");

    private static RouteDestination Destination(YamlMap route, bool soleDestination, string vsNamespace)
    {
        var destination = route.Map("destination")
                          ?? throw route.Error(route.Node, $"{route.FieldPath("destination")} is missing (expected destination.host)");
        // Istio: a sole destination takes all traffic; with several, an unset weight is 0.
        var weight = route.NonNegativeInt("weight", "expected a weight between 0 and 100") ?? (soleDestination ? 100 : 0);
        return DestinationOf(destination, weight, vsNamespace) with { Headers = Headers(route.Map("headers")) };
    }

    private static RouteDestination DestinationOf(YamlMap destination, int weight, string vsNamespace)
    {
        var host = destination.RequiredString("host", "expected a service host, e.g. customer-service");
        var (service, ns) = ServiceHost.Parse(host, vsNamespace);
        return new RouteDestination(service, ns, destination.Map("port")?.Int("number", "expected a port number, e.g. 8080"), weight, host)
        {
            Subset = destination.String("subset"),
        };
    }
}
