using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Routing;

/// <summary>How a routing finding counts: as the probes' verdicts do (a gap is a limitation, not a failure).</summary>
public enum FindingVerdict
{
    /// <summary>Istio takes the object as the author meant it.</summary>
    Pass,

    /// <summary>Istio does something else with it than the manifest suggests (not attached, not bound, shadowed, dropped).</summary>
    Fail,

    /// <summary>The local mesh reads it but does not emulate it: verdicts on the route may differ on a cluster.</summary>
    Gap,
}

/// <summary>
/// What the resolver found about one object while resolving the gateway's routes, worded as Istio's status or
/// analysers would say it, with the remedy.
/// </summary>
/// <param name="RuleId">Stable kebab-case id of the rule ("httproute-attached", "virtualservice-bound", …).</param>
/// <param name="Rule">The rule as a sentence.</param>
public sealed record RoutingFinding(string RuleId, string Rule, FindingVerdict Verdict, ObjectRef Subject, string Message, string? Remedy = null);

/// <summary>The rules the resolver reports on, each spelled once.</summary>
public static class RoutingRules
{
    public const string HttpRouteAttached = "httproute-attached";
    public const string HttpRouteAttachedText = "the HTTPRoute attaches to the gateway";

    public const string BackendsResolved = "backends-resolved";
    public const string BackendsResolvedText = "every backend of the route resolves";

    public const string VirtualServiceBound = "virtualservice-bound";
    public const string VirtualServiceBoundText = "the VirtualService binds to the gateway it names";

    public const string NoMixedHost = "no-mixed-host";
    public const string NoMixedHostText = "no host is served by both a VirtualService and an HTTPRoute";

    public const string RouteReachable = "route-reachable";
    public const string RouteReachableText = "the rule is reachable (no earlier route takes its requests)";

    public const string FieldsReachIstio = "fields-reach-istio";
    public const string FieldsReachIstioText = "every field of the route reaches Istio (none dropped by the CRD channel)";

    public const string Emulated = "routing-emulated";
    public const string EmulatedText = "the local gateway emulates everything the route does";

    public const string ListenerEmulated = "listener-emulated";
    public const string ListenerEmulatedText = "the local gateway serves the listener";

    public const string GatewayEmulated = "gateway-emulated";
    public const string GatewayEmulatedText = "the emulated gateway is the one Istio would program";

    public const string RouteOnThisGateway = "route-on-this-gateway";
    public const string RouteOnThisGatewayText = "the route is served by the gateway this run probes";
}
