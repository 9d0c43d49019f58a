using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Routing;

public enum RouteKind { HTTPRoute, VirtualService }

/// <summary>
/// Where a route comes from, independent of how it is worded or ordered: the object, its rule (HTTPRoute rule, or
/// VirtualService http route) and which of the rule's matches. Stable across runs, so reports and metrics can key on it.
/// </summary>
public sealed record RouteId(RouteKind Kind, string Namespace, string Name, int Rule, int Match)
{
    /// <summary>"HTTPRoute/ecommerce/customer-service-route#0.0".</summary>
    public override string ToString() => $"{Kind}/{Namespace}/{Name}#{Rule}.{Match}";
}

/// <summary>Whether the gateway can send to a backend, as Istio decides when it translates the route.</summary>
public enum BackendState
{
    /// <summary>The Service exists and may be referred to.</summary>
    Resolved,

    /// <summary>No such Service in the manifests (HTTPRoute status ResolvedRefs=False, BackendNotFound).</summary>
    NotFound,

    /// <summary>A cross-namespace backendRef without a ReferenceGrant (ResolvedRefs=False, RefNotPermitted).</summary>
    NotPermitted,

    /// <summary>A backendRef kind the local gateway does not emulate (ServiceImport, InferencePool, …).</summary>
    UnsupportedKind,
}

/// <summary>A weighted backend of a route and whether it resolves.</summary>
public sealed record RouteBackend(RouteDestination Destination, BackendState State)
{
    public string Service => Destination.Service;
    public string Namespace => Destination.Namespace;
    public int Weight => Destination.Weight;

    public override string ToString() => State == BackendState.Resolved ? Destination.ToString() : $"{Destination} ({State})";
}

/// <summary>
/// One Envoy route of the main gateway, in one virtual host, as Istio programs it: the match, the weighted backends,
/// the route's actions, and the object whose policy (timeouts, retries) applies. Produced by <see cref="RouteResolver"/>;
/// its place in <see cref="GatewayVirtualHost.Routes"/> is its precedence (Envoy takes the first match).
/// </summary>
public sealed record GatewayRoute
{
    public required RouteId Id { get; init; }

    /// <summary>How reports and metrics name the route: the object's name, made longer only where needed to be unique.</summary>
    public required string Name { get; init; }

    /// <summary>The domains of the virtual host the route is in ("*", "api.example.com", "*.example.com").</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    public required RequestMatch Match { get; init; }

    /// <summary>Backends with weight above 0 (Envoy never picks a 0-weight cluster); empty for redirects and direct responses.</summary>
    public required IReadOnlyList<RouteBackend> Backends { get; init; }

    public required RouteActions Actions { get; init; }

    public HttpRouteManifest? HttpRoute { get; init; }

    /// <summary>The rule as Istio sees it: under the standard channel, without the fields the API server dropped.</summary>
    public HttpRouteRule? HttpRouteRule { get; init; }

    public VirtualServiceManifest? VirtualService { get; init; }
    public VirtualServiceHttpRoute? VirtualServiceRoute { get; init; }

    /// <summary>Fields of the manifest that never reach Istio (e.g. spec.rules[].retry on a standard-channel cluster), with why.</summary>
    public IReadOnlyList<string> DroppedFields { get; init; } = [];

    public RouteKind Kind => Id.Kind;

    /// <summary>The object that carries the policy, for messages ("HTTPRoute ecommerce/customer-service-route (05-httproute.yaml:12)").</summary>
    public ObjectRef Source => Kind == RouteKind.VirtualService ? VirtualService!.Ref : HttpRoute!.Ref;

    /// <summary>"file.yaml:line" of the rule or http route.</summary>
    public string RuleSource => HttpRouteRule?.Source ?? VirtualServiceRoute?.Source ?? Source.Source;

    public PathMatch Path => Match.Path;

    /// <summary>The first domain: the one probes send (a wildcard is made concrete by the probes).</summary>
    public string VirtualHost => Domains.Count > 0 ? Domains[0] : "*";

    /// <summary>
    /// What Envoy answers by itself, without a backend: a redirect or direct response of the route, or Istio's 500 for
    /// an HTTPRoute rule whose backends all weigh 0 (conversion.go: "when there are no >0 weight backends return 500").
    /// </summary>
    public bool AnswersLocally => RequiresTls || Actions.Redirect is not null || Actions.DirectResponse is not null || Backends.Count == 0;

    /// <summary>The route's virtual host redirects every plain-HTTP request to https (<see cref="GatewayVirtualHost.RequiresTls"/>).</summary>
    public bool RequiresTls { get; init; }

    /// <summary>
    /// Whether Istio programs one cluster rather than weighted clusters: exactly one destination as Istio sees it, an
    /// HTTPRoute rule's backendRefs of weight above 0 or a VirtualService's destinations as written (<c>route.go</c>
    /// <c>applyHTTPRouteDestination</c>, <c>len(in.Route) == 1</c>). It decides where a destination's header edits go.
    /// </summary>
    public bool SingleCluster => HttpRouteRule is { } rule
        ? rule.BackendRefs.Count(b => b.Weight > 0) == 1
        : VirtualServiceRoute?.Destinations.Count == 1;

    /// <summary>HTTPRoute-derived routes get Gateway API semantics in Envoy (path-separated prefixes, 500 for a missing backend).</summary>
    public bool GatewaySemantics => Kind == RouteKind.HTTPRoute;

    /// <summary>
    /// What the route takes, for people: "&lt;host&gt;&lt;path&gt; [method] [headers]" — the host left out for "*", "~"
    /// before a regular expression, "…" after a prefix ("shop.example.com/api…", "/productpage GET [x-canary: true]").
    /// Reports show it beside <see cref="Name"/>, which stays the key tools use.
    /// </summary>
    public string RequestSummary
    {
        get
        {
            var host = VirtualHost == "*" ? "" : VirtualHost;
            var path = Path.Type switch
            {
                PathMatchType.Exact => Path.Value,
                PathMatchType.RegularExpression => "~" + Path.Value,
                _ => Path.Value == "/" ? "/…" : Path.Value + "…",
            };
            var parts = new List<string> { host + path };
            if (Match.Method is { } method)
            {
                parts.Add(method);
            }

            if (Match.Headers.Count > 0)
            {
                parts.Add($"[{string.Join(", ", Match.Headers.Select(h => $"{(h.Invert ? "!" : "")}{h.Name}{Condition(h.Match)}"))}]");
            }

            if (Match.QueryParams.Count > 0)
            {
                parts.Add($"?{string.Join("&", Match.QueryParams.Select(q => $"{q.Name}{Condition(q.Match)}"))}");
            }

            return string.Join(" ", parts);
        }
    }

    private static string Condition(StringMatch match) => match.Type switch
    {
        StringMatchType.Exact => $"={match.Value}",
        StringMatchType.Prefix => $"={match.Value}…",
        StringMatchType.RegularExpression => $"~{match.Value}",
        _ => "",
    };

    public override string ToString() => $"{Name} ({Match} on {string.Join(", ", Domains)})";
}

/// <summary>One Envoy virtual host of the main gateway: its domains and its routes in match order.</summary>
public sealed record GatewayVirtualHost(IReadOnlyList<string> Domains, IReadOnlyList<GatewayRoute> Routes)
{
    /// <summary>
    /// Envoy's <c>require_tls: ALL</c>, from an Istio server's <c>tls.httpsRedirect</c>: every plain-HTTP request gets a
    /// 301 to "https://" + host + path before any route is matched (<c>source/common/router/config_impl.cc</c>
    /// <c>SslRedirectRoute</c>, <c>Http::Utility::createSslRedirectPath</c>).
    /// </summary>
    public bool RequiresTls { get; init; }
}
