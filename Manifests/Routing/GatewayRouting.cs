using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// The main gateway's routes as Istio programs them for the emulated port: virtual hosts in Envoy's terms, their
/// routes in match order, and what the resolver found on the way. The local gateway serves from it; the probes probe
/// every route in it; the audit reports its findings.
/// </summary>
public sealed class GatewayRouting
{
    public GatewayRouting(IngressGateway gateway, MeshVersions versions, int? port, IReadOnlyList<GatewayVirtualHost> virtualHosts, IReadOnlyList<RoutingFinding> findings)
    {
        Gateway = gateway;
        Versions = versions;
        Port = port;
        VirtualHosts = virtualHosts;
        Routes = virtualHosts.SelectMany(v => v.Routes).ToList();
        Findings = findings;
    }

    /// <summary>The ingress that was emulated (a Gateway API Gateway, or the Istio ingress proxy and its Istio Gateways).</summary>
    public IngressGateway Gateway { get; }
    public MeshVersions Versions { get; }

    /// <summary>The listener port whose routes these are (null when the gateway has no HTTP listener).</summary>
    public int? Port { get; }

    /// <summary>Every route, virtual host by virtual host, each host's routes in match order.</summary>
    public IReadOnlyList<GatewayRoute> Routes { get; }

    public IReadOnlyList<GatewayVirtualHost> VirtualHosts { get; }

    public IReadOnlyList<RoutingFinding> Findings { get; }

    /// <summary>Routes that send to a backend (not redirects or direct responses): what the probes can observe tries on.</summary>
    public IReadOnlyList<GatewayRoute> RoutesWithBackends => Routes.Where(r => !r.AnswersLocally).ToList();

    /// <summary>
    /// When no route reaches a backend, the finding that says why: the first failure (a route that does not attach or
    /// bind), else the first server the local gateway does not serve (https only, or a redirect to https); null if none.
    /// </summary>
    public RoutingFinding? WhyNothingToProbe =>
        Findings.FirstOrDefault(f => f.Verdict == FindingVerdict.Fail)
        ?? Findings.FirstOrDefault(f => f.RuleId == RoutingRules.ListenerEmulated);

    /// <summary>Each route's backends that name a Service the manifests do not have (Istio: ResolvedRefs=False, BackendNotFound).</summary>
    public IReadOnlyList<(GatewayRoute Route, RouteBackend Backend)> MissingBackends =>
        [.. Routes.SelectMany(route => route.Backends.Where(b => b.State == BackendState.NotFound).Select(b => (route, b)))];

    /// <summary>The virtual host Envoy picks for <paramref name="authority"/>, or null (Envoy answers 404).</summary>
    public GatewayVirtualHost? VirtualHostFor(string authority)
    {
        var index = HostNames.SelectVirtualHost(authority, VirtualHosts.Select(v => v.Domains).ToList());
        return index < 0 ? null : VirtualHosts[index];
    }

    /// <summary>The route Envoy takes for <paramref name="request"/>: its virtual host's first matching route, or null (404).</summary>
    public GatewayRoute? Select(RequestFacts request) =>
        VirtualHostFor(request.Authority)?.Routes.FirstOrDefault(route => RequestMatching.Matches(route, request));
}
