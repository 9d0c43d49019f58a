using System.Globalization;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Manifests.Reading;

/// <summary>
/// Gateway, HTTPRoute and ReferenceGrant (gateway.networking.k8s.io), with Gateway API defaults applied and HTTPRoute
/// filters converted the way Istio converts them (istio/istio <c>pilot/pkg/config/kube/gateway/conversion.go</c>:
/// <c>createURIMatch</c>, <c>createHeadersMatch</c>, <c>createRewriteFilter</c>, <c>createRedirectFilter</c>,
/// <c>createMirrorFilter</c>, <c>createHeadersFilter</c>).
/// </summary>
internal static class GatewayApiReaders
{
    private static readonly HashSet<string> RuleFields = ["name", "matches", "filters", "backendRefs", "timeouts", "retry"];

    public static GatewayManifest Gateway(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        return new GatewayManifest(
            @ref,
            spec?.String("gatewayClassName") ?? "",
            spec?.Maps("listeners").Select(Listener).ToList() ?? []);
    }

    public static GatewayClassManifest GatewayClass(YamlMap map, ObjectRef @ref) =>
        new(@ref, map.Map("spec")?.String("controllerName") ?? "");

    public static HttpRouteManifest HttpRoute(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        var metadata = map.Map("metadata")!;
        return new HttpRouteManifest(
            @ref,
            Annotations: metadata.StringDictionary("annotations"),
            ParentRefs: spec?.Maps("parentRefs").Select(ParentRef).ToList() ?? [],
            Hostnames: spec?.Strings("hostnames") ?? [],
            Rules: spec?.Maps("rules").Select((rule, index) => Rule(rule.As($"{map.Subject} rule {index}"), index, @ref.Namespace)).ToList() ?? [])
        {
            CreationTimestamp = metadata.String("creationTimestamp") is { } created
                && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : null,
        };
    }

    public static ReferenceGrantManifest ReferenceGrant(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        return new ReferenceGrantManifest(
            @ref,
            spec?.Maps("from").Select(from => new ReferenceGrantFrom(
                from.String("group") ?? "",
                from.RequiredString("kind", "expected the kind that may refer, e.g. HTTPRoute"),
                from.RequiredString("namespace", "expected the namespace that may refer"))).ToList() ?? [],
            spec?.Maps("to").Select(to => new ReferenceGrantTo(
                to.String("group") ?? "",
                to.RequiredString("kind", "expected the kind that may be referred to, e.g. Service"),
                to.String("name"))).ToList() ?? []);
    }

    private static GatewayListener Listener(YamlMap listener) => new(
        listener.String("name") ?? "",
        listener.Int("port", "expected a port number, e.g. 80")
            ?? throw listener.Error(listener.Node, $"{listener.FieldPath("port")} is missing (expected a port number, e.g. 80)"),
        listener.String("protocol") ?? "HTTP",
        listener.String("hostname"))
    {
        AllowedRoutes = AllowedRoutesOf(listener.Map("allowedRoutes")),
    };

    private static AllowedRoutes AllowedRoutesOf(YamlMap? allowed)
    {
        if (allowed is null)
        {
            return AllowedRoutes.Default;
        }

        var namespaces = allowed.Map("namespaces");
        var fromText = namespaces?.String("from") ?? nameof(RouteNamespaces.Same);
        if (!Enum.TryParse<RouteNamespaces>(fromText, ignoreCase: false, out var from))
        {
            throw namespaces!.Error(namespaces.Node, $"{namespaces.FieldPath("from")} '{fromText}' is not one of Same, All, Selector");
        }

        var selector = namespaces?.Map("selector");
        if (selector is not null && selector.Has("matchExpressions"))
        {
            throw selector.Error(selector.Node, $"{selector.FieldPath("matchExpressions")} is not supported by the harness yet (use matchLabels)");
        }

        return new AllowedRoutes(
            from,
            selector?.StringDictionary("matchLabels") ?? new Dictionary<string, string>(),
            allowed.Maps("kinds").Select(kind => kind.RequiredString("kind", "expected a route kind, e.g. HTTPRoute")).ToList());
    }

    private static ParentRef ParentRef(YamlMap parent) =>
        new(parent.RequiredString("name", "expected the name of the Gateway the route attaches to"), parent.String("namespace"))
        {
            Kind = parent.String("kind") ?? "Gateway",
            SectionName = parent.String("sectionName"),
            Port = parent.Int("port", "expected a listener port, e.g. 80"),
        };

    private static HttpRouteRule Rule(YamlMap rule, int index, string routeNamespace)
    {
        var matches = rule.Maps("matches").Select(MatchOf).ToList();
        var notEmulated = new List<NotEmulated>();
        foreach (var field in rule.Keys.Where(key => !RuleFields.Contains(key)))
        {
            notEmulated.Add(new NotEmulated(rule.FieldPath(field), rule.SourceOf(field), field == "sessionPersistence"
                ? "session persistence pins a client to one backend (Istio programs a stateful session); the local gateway balances every request"
                : "a field the harness does not know; Istio may act on it"));
        }

        var refusals = new List<string>();
        var actions = Filters(rule, routeNamespace, notEmulated, refusals);
        return new HttpRouteRule(
            index,
            // A rule without matches matches everything: Gateway API's default is PathPrefix "/".
            matches.Count == 0 ? [RequestMatch.AnyRequest] : matches,
            rule.Maps("backendRefs").Select(backend => BackendRef(backend, routeNamespace, refusals)).ToList(),
            RetryReaders.HttpRouteTimeouts(rule),
            RetryReaders.HttpRouteRetry(rule))
        {
            Name = rule.String("name"),
            MatchesEverything = matches.Count == 0,
            Actions = actions with { NotEmulated = notEmulated },
            ExperimentalFields = GatewayApiChannels.ExperimentalOnlyRuleFields
                .Where(rule.Has)
                .Select(field => (rule.FieldPath(field), rule.SourceOf(field)))
                .ToList(),
            Source = rule.Source,
            IstioRefusal = refusals.Count == 0 ? null : string.Join("; ", refusals),
        };
    }

    private static RequestMatch MatchOf(YamlMap match)
    {
        var path = match.Map("path");
        var pathMatch = PathMatch.Any;
        if (path is not null)
        {
            var typeText = path.String("type") ?? nameof(PathMatchType.PathPrefix);
            if (!Enum.TryParse<PathMatchType>(typeText, ignoreCase: false, out var type))
            {
                throw path.Error(path.Node, $"{path.FieldPath("type")} '{typeText}' is not a path match type (expected PathPrefix, Exact or RegularExpression)");
            }

            var value = path.String("value") ?? "/";
            // createURIMatch: "When specified, a trailing `/` is ignored."
            if (type == PathMatchType.PathPrefix && value != "/")
            {
                value = value.TrimEnd('/');
            }

            pathMatch = new PathMatch(type, value.Length == 0 ? "/" : value);
        }

        return new RequestMatch(pathMatch)
        {
            Method = match.String("method"),
            Headers = match.Maps("headers")
                .Select(header => new HeaderMatch(header.RequiredString("name", "expected a header name"), ValueMatch(header, "HeaderMatch")))
                .ToList(),
            QueryParams = match.Maps("queryParams")
                .Select(query => new QueryParamMatch(query.RequiredString("name", "expected a query parameter name"), ValueMatch(query, "QueryParamMatch")))
                .ToList(),
        };
    }

    /// <summary>Header and query parameter matches: type Exact (default) or RegularExpression.</summary>
    private static StringMatch ValueMatch(YamlMap map, string what)
    {
        var type = map.String("type") ?? "Exact";
        var value = map.String("value") ?? "";
        return type switch
        {
            "Exact" => new StringMatch(StringMatchType.Exact, value),
            "RegularExpression" => new StringMatch(StringMatchType.RegularExpression, value),
            _ => throw map.Error(map.Node, $"{map.FieldPath("type")} '{type}' is not a {what} type (expected Exact or RegularExpression)"),
        };
    }

    private static RouteDestination BackendRef(YamlMap backend, string routeNamespace, List<string> refusals)
    {
        var name = backend.RequiredString("name", "expected the name of the Service to send to");
        var kind = backend.String("kind") ?? "Service";
        var group = backend.String("group") ?? "";
        var headers = new HeaderPolicy(null, null);
        foreach (var filter in backend.Maps("filters"))
        {
            var type = filter.RequiredString("type", "expected a filter type, e.g. RequestHeaderModifier");
            headers = type switch
            {
                "RequestHeaderModifier" => headers with { Request = HeaderModifier(filter.Map("requestHeaderModifier")) },
                "ResponseHeaderModifier" => headers with { Response = HeaderModifier(filter.Map("responseHeaderModifier")) },
                _ => Unsupported(filter, type, refusals, headers),
            };
        }

        return new RouteDestination(
            name,
            backend.String("namespace") ?? routeNamespace,
            backend.Int("port", "expected a port number, e.g. 8080"),
            backend.NonNegativeInt("weight", "expected a relative weight, e.g. 1") ?? 1,
            name)
        {
            Headers = headers.Request is null && headers.Response is null ? null : headers,
            Kind = kind == "Service" && group.Length == 0 ? null : $"{(group.Length == 0 ? "" : group + "/")}{kind}",
        };
    }

    private static T Unsupported<T>(YamlMap filter, string type, List<string> refusals, T unchanged)
    {
        refusals.Add($"{filter.Path} ({filter.Source}): unsupported filter type \"{type}\"");
        return unchanged;
    }

    /// <summary>Rule filters → Istio's route fields, as <c>convertHTTPRoute</c> does.</summary>
    private static RouteActions Filters(YamlMap rule, string routeNamespace, List<NotEmulated> notEmulated, List<string> refusals)
    {
        var actions = RouteActions.None;
        var mirrors = new List<MirrorPolicy>();
        foreach (var filter in rule.Maps("filters"))
        {
            var type = filter.RequiredString("type", "expected a filter type, e.g. RequestHeaderModifier");
            switch (type)
            {
                case "RequestHeaderModifier":
                    actions = actions with { Headers = (actions.Headers ?? new HeaderPolicy(null, null)) with { Request = HeaderModifier(filter.Map("requestHeaderModifier")) } };
                    break;
                case "ResponseHeaderModifier":
                    actions = actions with { Headers = (actions.Headers ?? new HeaderPolicy(null, null)) with { Response = HeaderModifier(filter.Map("responseHeaderModifier")) } };
                    break;
                case "URLRewrite":
                    actions = actions with { Rewrite = UrlRewrite(filter.Map("urlRewrite")) };
                    break;
                case "RequestRedirect":
                    actions = actions with { Redirect = RequestRedirect(filter.Map("requestRedirect")) };
                    break;
                case "RequestMirror":
                    mirrors.Add(RequestMirror(filter.Map("requestMirror") ?? throw filter.Error(filter.Node, $"{filter.FieldPath("requestMirror")} is missing"), routeNamespace));
                    break;
                case "CORS":
                    notEmulated.Add(new NotEmulated($"{filter.Path} (CORS)", filter.Source,
                        "Istio programs Envoy's CORS filter (preflights answered by the gateway, CORS headers added); the local gateway forwards preflights to the backend"));
                    break;
                default:
                    // conversion.go answers an unknown filter with a hard ConfigError: the whole HTTPRoute is not served.
                    refusals.Add($"{filter.Path} ({filter.Source}): unsupported filter type \"{type}\"");
                    break;
            }
        }

        return actions with { Mirrors = mirrors };
    }

    /// <summary>
    /// <c>createHeadersFilter</c>: set and add go through <c>headerListToMap</c>, where "subsequent entries with an
    /// equivalent header name MUST be ignored" (names compared case-insensitively: the first X-A wins over a later x-a).
    /// </summary>
    private static HeaderOperations HeaderModifier(YamlMap? modifier) => new(
        modifier?.Maps("set").Select(Header).DistinctBy(h => h.Key.ToLowerInvariant()).ToList() ?? [],
        modifier?.Maps("add").Select(Header).DistinctBy(h => h.Key.ToLowerInvariant()).ToList() ?? [],
        modifier?.Strings("remove") ?? []);

    private static KeyValuePair<string, string> Header(YamlMap header) =>
        new(header.RequiredString("name", "expected a header name"), header.String("value") ?? "");

    /// <summary><c>createRewriteFilter</c>: ReplacePrefixMatch → prefix rewrite (trailing "/" trimmed, "" → "/"), ReplaceFullPath → regex <c>/.*</c>.</summary>
    private static UriRewrite? UrlRewrite(YamlMap? rewrite)
    {
        if (rewrite is null)
        {
            return null;
        }

        string? prefix = null, regexMatch = null, regexReplacement = null;
        if (rewrite.Map("path") is { } path)
        {
            switch (path.RequiredString("type", "expected ReplaceFullPath or ReplacePrefixMatch"))
            {
                case "ReplacePrefixMatch":
                    prefix = (path.String("replacePrefixMatch") ?? "").TrimEnd('/');
                    prefix = prefix.Length == 0 ? "/" : prefix;
                    break;
                case "ReplaceFullPath":
                    regexMatch = "/.*";
                    regexReplacement = path.String("replaceFullPath") ?? "";
                    break;
                case var other:
                    throw path.Error(path.Node, $"{path.FieldPath("type")} '{other}' is not ReplaceFullPath or ReplacePrefixMatch");
            }
        }

        var authority = rewrite.String("hostname");
        return prefix is null && regexMatch is null && authority is null ? null : new UriRewrite(prefix, regexMatch, regexReplacement, authority);
    }

    /// <summary><c>createRedirectFilter</c>: status 302 unless set; without a port, the request's (or, with a scheme, the scheme's default).</summary>
    private static Redirect RequestRedirect(YamlMap? redirect)
    {
        string? uri = null, prefix = null;
        if (redirect?.Map("path") is { } path)
        {
            switch (path.RequiredString("type", "expected ReplaceFullPath or ReplacePrefixMatch"))
            {
                case "ReplaceFullPath": uri = path.String("replaceFullPath") ?? ""; break;
                case "ReplacePrefixMatch": prefix = path.String("replacePrefixMatch") ?? ""; break;
                case var other: throw path.Error(path.Node, $"{path.FieldPath("type")} '{other}' is not ReplaceFullPath or ReplacePrefixMatch");
            }
        }

        var scheme = redirect?.String("scheme");
        var port = redirect?.Int("port", "expected a port number, e.g. 443");
        return new Redirect(
            uri,
            prefix,
            redirect?.String("hostname"),
            scheme,
            port,
            port is not null ? RedirectPort.Keep : scheme is not null ? RedirectPort.FromProtocolDefault : RedirectPort.FromRequest,
            redirect?.Int("statusCode", "expected 301 or 302") ?? 302);
    }

    /// <summary><c>createMirrorFilter</c>: fraction → 100·numerator/denominator (denominator 100 by default), else percent, else every request.</summary>
    private static MirrorPolicy RequestMirror(YamlMap mirror, string routeNamespace)
    {
        var backend = mirror.Map("backendRef") ?? throw mirror.Error(mirror.Node, $"{mirror.FieldPath("backendRef")} is missing (expected the Service to mirror to)");
        var name = backend.RequiredString("name", "expected the name of the Service to mirror to");
        double? percent = null;
        if (mirror.Map("fraction") is { } fraction)
        {
            var numerator = fraction.Int("numerator", "expected a whole number") ?? 0;
            var denominator = fraction.Int("denominator", "expected a whole number") ?? 100;
            percent = denominator == 0 ? 0 : 100.0 * numerator / denominator;
        }
        else if (mirror.Int("percent", "expected a percentage, e.g. 50") is { } p)
        {
            percent = p;
        }

        return new MirrorPolicy(
            new RouteDestination(name, backend.String("namespace") ?? routeNamespace, backend.Int("port", "expected a port number"), 1, name),
            percent);
    }
}
