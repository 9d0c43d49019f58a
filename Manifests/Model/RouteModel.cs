namespace AmbientVerify.Manifests.Model;

// What a route rule says about requests, in Istio's VirtualService terms: Istio converts every HTTPRoute rule into
// a VirtualService http route (pilot/pkg/config/kube/gateway/conversion.go, convertHTTPRoute) before Envoy sees it,
// so both readers produce these values and the gateway, the probes and the audit deal with one form.

public enum PathMatchType { PathPrefix, Exact, RegularExpression }

/// <summary>
/// A path match. For an HTTPRoute <see cref="PathMatchType.PathPrefix"/> is already as Istio programs it
/// (trailing "/" dropped, see <c>createURIMatch</c>) and matches whole segments; for a VirtualService it is a plain
/// string prefix.
/// </summary>
public sealed record PathMatch(PathMatchType Type, string Value)
{
    public static readonly PathMatch Any = new(PathMatchType.PathPrefix, "/");

    public override string ToString() => Type switch
    {
        PathMatchType.PathPrefix => $"prefix {Value}",
        PathMatchType.Exact => $"exact {Value}",
        _ => $"regex {Value}",
    };
}

/// <summary>How a header, query parameter or method value is compared (Istio's <c>StringMatch</c>).</summary>
public enum StringMatchType
{
    Exact,

    /// <summary>VirtualService <c>prefix</c> (HTTPRoute has none).</summary>
    Prefix,

    /// <summary>RE2 full match (Envoy <c>safe_regex</c>).</summary>
    RegularExpression,

    /// <summary>The header or parameter is present, whatever its value: a VirtualService <c>{}</c> or <c>regex: "*"</c>.</summary>
    Present,
}

public sealed record StringMatch(StringMatchType Type, string Value)
{
    public static StringMatch Exact(string value) => new(StringMatchType.Exact, value);

    public override string ToString() => Type switch
    {
        StringMatchType.Exact => $"= {Value}",
        StringMatchType.Prefix => $"prefix {Value}",
        StringMatchType.RegularExpression => $"~ {Value}",
        _ => "present",
    };
}

/// <param name="Name">Header name as written; compared case-insensitively. Pseudo headers keep their colon (":authority").</param>
/// <param name="Invert">VirtualService <c>withoutHeaders</c>: the route matches when this header does NOT match.</param>
public sealed record HeaderMatch(string Name, StringMatch Match, bool Invert = false)
{
    public override string ToString() => $"{(Invert ? "not " : "")}header {Name} {Match}";
}

/// <param name="Name">Query parameter name; compared case-sensitively, as Envoy does.</param>
public sealed record QueryParamMatch(string Name, StringMatch Match)
{
    public override string ToString() => $"query {Name} {Match}";
}

/// <summary>
/// One match of a rule: every condition must hold. A rule with several matches becomes one Envoy route per match
/// (Istio splits HTTPRoute rules so each has at most one match, <c>route_collections.go</c>).
/// </summary>
public sealed record RequestMatch(PathMatch Path)
{
    public static readonly RequestMatch AnyRequest = new(PathMatch.Any);

    /// <summary>HTTP method (Envoy matches the <c>:method</c> header exactly); null = any.</summary>
    public string? Method { get; init; }

    public IReadOnlyList<HeaderMatch> Headers { get; init; } = [];

    public IReadOnlyList<QueryParamMatch> QueryParams { get; init; } = [];

    /// <summary>VirtualService <c>ignoreUriCase</c>: the path is compared case-insensitively.</summary>
    public bool IgnoreUriCase { get; init; }

    /// <summary>VirtualService per-match <c>gateways</c> (already resolved to "namespace/name"); empty = the VirtualService's own.</summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];

    /// <summary>VirtualService match <c>port</c>: the route applies only on a listener of that port.</summary>
    public int? Port { get; init; }

    /// <summary>Envoy's "catch-all" (<c>route.go</c> <c>IsCatchAllRoute</c>): prefix "/" (or regex ".*") and nothing else.</summary>
    public bool IsCatchAll =>
        ((Path.Type == PathMatchType.PathPrefix && Path.Value == "/") || (Path.Type == PathMatchType.RegularExpression && Path.Value == ".*"))
        && Headers.Count == 0 && QueryParams.Count == 0 && Method is null;

    public override string ToString() =>
        string.Join(", ", new[] { Method is null ? null : $"method {Method}", Path.ToString() }
            .Concat(Headers.Select(h => h.ToString()))
            .Concat(QueryParams.Select(q => q.ToString()))
            .OfType<string>());
}

/// <summary>Header edits of Istio's <c>Headers.HeaderOperations</c> (HTTPRoute header modifier filters convert to these).</summary>
public sealed record HeaderOperations(
    IReadOnlyList<KeyValuePair<string, string>> Set,
    IReadOnlyList<KeyValuePair<string, string>> Add,
    IReadOnlyList<string> Remove)
{
    public bool IsEmpty => Set.Count == 0 && Add.Count == 0 && Remove.Count == 0;

    public override string ToString() => string.Join("; ", new[]
    {
        Set.Count > 0 ? "set " + string.Join(", ", Set.Select(h => $"{h.Key}: {h.Value}")) : null,
        Add.Count > 0 ? "add " + string.Join(", ", Add.Select(h => $"{h.Key}: {h.Value}")) : null,
        Remove.Count > 0 ? "remove " + string.Join(", ", Remove) : null,
    }.OfType<string>());
}

/// <summary>Request and response header edits of a route or a destination.</summary>
public sealed record HeaderPolicy(HeaderOperations? Request, HeaderOperations? Response);

/// <summary>
/// VirtualService <c>rewrite</c> (HTTPRoute URLRewrite converts to it, <c>createRewriteFilter</c>): a prefix rewrite
/// of the matched prefix, or a regex rewrite of the path (ReplaceFullPath is <c>/.*</c> → value), and the authority.
/// </summary>
public sealed record UriRewrite(string? Prefix, string? RegexMatch, string? RegexReplacement, string? Authority)
{
    public override string ToString() => string.Join(", ", new[]
    {
        Prefix is null ? null : $"prefix → {Prefix}",
        RegexMatch is null ? null : $"path {RegexMatch} → {RegexReplacement}",
        Authority is null ? null : $"authority → {Authority}",
    }.OfType<string>());
}

/// <summary>Where a redirect's port comes from when it names none (Istio's <c>HTTPRedirect.derivePort</c>).</summary>
public enum RedirectPort { Keep, FromRequest, FromProtocolDefault }

/// <summary>VirtualService <c>redirect</c> (HTTPRoute RequestRedirect converts to it, <c>createRedirectFilter</c>).</summary>
/// <param name="Uri">Replaces the whole path.</param>
/// <param name="PrefixRewrite">Replaces the matched prefix (HTTPRoute ReplacePrefixMatch).</param>
/// <param name="Port">An explicit port; null = derived as <see cref="DerivePort"/> says.</param>
public sealed record Redirect(string? Uri, string? PrefixRewrite, string? Authority, string? Scheme, int? Port, RedirectPort DerivePort, int StatusCode)
{
    public override string ToString() =>
        $"redirect {StatusCode}" + string.Concat(new[]
        {
            Scheme is null ? null : $" scheme {Scheme}",
            Authority is null ? null : $" host {Authority}",
            Port is null ? null : $" port {Port}",
            Uri is null ? null : $" path {Uri}",
            PrefixRewrite is null ? null : $" prefix → {PrefixRewrite}",
        }.OfType<string>());
}

/// <summary>A mirror: a copy of each request (or a percentage of them) to another Service; its answer is ignored.</summary>
/// <param name="Percent">0–100; null = every request (Istio's default when no percentage is given).</param>
public sealed record MirrorPolicy(RouteDestination Destination, double? Percent)
{
    public override string ToString() => $"mirror to {Destination.Service}" + (Percent is { } p ? $" ({p}%)" : "");
}

/// <summary>VirtualService <c>fault</c>: delay and abort injected ahead of the router, each on a percentage of requests.</summary>
public sealed record FaultInjection(FaultDelay? Delay, FaultAbort? Abort)
{
    public override string ToString() => string.Join(", ", new object?[] { Delay, Abort }.OfType<object>());
}

/// <param name="Percent">0–100; null = every request (Envoy's default without a percentage).</param>
public sealed record FaultDelay(TimeSpan FixedDelay, double? Percent)
{
    public override string ToString() => $"delay {Durations.Format(FixedDelay)}" + (Percent is { } p ? $" on {p}%" : "");
}

/// <param name="Percent">0–100; null = every request.</param>
public sealed record FaultAbort(int HttpStatus, double? Percent)
{
    public override string ToString() => $"abort {HttpStatus}" + (Percent is { } p ? $" on {p}%" : "");
}

/// <summary>VirtualService <c>directResponse</c> (and Istio's answer to an HTTPRoute rule with no backend weight: 500).</summary>
public sealed record DirectResponse(int Status, string? Body);

/// <summary>
/// A field the reader saw on a route but the local gateway does not emulate (CORS, extension filters, delegation…):
/// reported per route, never silently dropped.
/// </summary>
/// <param name="Field">The field path as the manifest writes it, e.g. "filters[0] (CORS)".</param>
/// <param name="Source">"file.yaml:line".</param>
/// <param name="Effect">What Istio would do with it on a cluster.</param>
public sealed record NotEmulated(string Field, string Source, string Effect)
{
    public override string ToString() => $"{Field} ({Source}): {Effect}";
}

/// <summary>
/// What a route does besides choosing a backend, in Istio's terms. HTTPRoute filters are converted as
/// <c>convertHTTPRoute</c> does (header modifiers → headers, URLRewrite → rewrite, RequestRedirect → redirect,
/// RequestMirror → mirrors); VirtualService fields are read as written.
/// </summary>
public sealed record RouteActions
{
    public static readonly RouteActions None = new();

    public HeaderPolicy? Headers { get; init; }
    public UriRewrite? Rewrite { get; init; }
    public Redirect? Redirect { get; init; }
    public IReadOnlyList<MirrorPolicy> Mirrors { get; init; } = [];
    public FaultInjection? Fault { get; init; }
    public DirectResponse? DirectResponse { get; init; }
    public IReadOnlyList<NotEmulated> NotEmulated { get; init; } = [];

    /// <summary>The actions in words, for /__mesh/routes and reports ("rewrite prefix → /v2; mirror to shadow").</summary>
    public IReadOnlyList<string> Describe() => new[]
    {
        Headers?.Request is { IsEmpty: false } request ? $"request headers: {request}" : null,
        Headers?.Response is { IsEmpty: false } response ? $"response headers: {response}" : null,
        Rewrite?.ToString() is { } rewrite ? $"rewrite {rewrite}" : null,
        Redirect?.ToString(),
        Fault is null ? null : $"fault {Fault}",
        DirectResponse is null ? null : $"direct response {DirectResponse.Status}",
    }.Concat(Mirrors.Select(m => m.ToString())).OfType<string>().ToList();
}

/// <summary>
/// A backend of a route: a Service (HTTPRoute backendRef, VirtualService destination) with its weight.
/// </summary>
/// <param name="Service">The Service's name (a VirtualService host "svc.ns.svc.cluster.local" is reduced to it).</param>
/// <param name="Namespace">The Service's namespace (an HTTPRoute backendRef's, or the host's, or the route's own).</param>
/// <param name="Weight">Relative weight; 0 is never chosen.</param>
/// <param name="Host">The destination as written (VirtualService host, or the backendRef name).</param>
public sealed record RouteDestination(string Service, string Namespace, int? Port, int Weight, string Host)
{
    /// <summary>Destination-level header edits (HTTPRoute backendRef filters, VirtualService route[].headers).</summary>
    public HeaderPolicy? Headers { get; init; }

    /// <summary>VirtualService destination <c>subset</c> (needs a DestinationRule subset; not emulated).</summary>
    public string? Subset { get; init; }

    /// <summary>HTTPRoute backendRef kind when not a Service (ServiceImport, InferencePool, …): not emulated.</summary>
    public string? Kind { get; init; }

    public string QualifiedService => $"{Namespace}/{Service}";

    /// <summary>The Service as namespace/name, what the local mesh's backends are keyed by.</summary>
    public NamespacedName ServiceName => new(Namespace, Service);

    public override string ToString() => $"{QualifiedService}{(Port is { } p ? $":{p}" : "")}" + (Weight != 1 ? $" weight {Weight}" : "");
}
