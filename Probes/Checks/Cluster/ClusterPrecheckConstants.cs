using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>The cluster prechecks' name and cases (stable ids beside their sentences): what a live cluster must have before its routes can be judged.</summary>
public static class ClusterPrecheckConstants
{
    public const string CheckName = "cluster-precheck";

    public static readonly CheckCase IstioVersionCase = new("istio-version-honours-httproute-retry", "the Istio version honours HTTPRoute retry (1.25+) where routes use it");
    public static readonly CheckCase ZtunnelCase = new("ztunnel-ready-on-every-node", "the ztunnel DaemonSet has a ready pod on every node");
    public static readonly CheckCase IstioCniCase = new("istio-cni-ready-on-every-node", "the istio-cni-node DaemonSet has a ready pod on every node");
    public static readonly CheckCase CrdChannelCase = new("gateway-api-crds-declare-retry", "the HTTPRoute CRD declares spec.rules[].retry where routes use it");
    public static readonly CheckCase RouteAcceptedCase = new("route-accepted-by-gateway", "the main gateway accepted the HTTPRoute and resolved its references");
    public static readonly CheckCase NotEmulatedCase = new("object-not-emulated", "an object the harness reads but does not emulate");
    public static readonly CheckCase ApiServedCase = new("api-served", "the API the checks read is served");
    public static readonly CheckCase PeerAuthenticationCase = new("peer-authentication-strict", "STRICT mTLS applies to the routed workload");

    /// <summary>The first Istio release that translates HTTPRoute <c>retry</c> (DESIGN §2).</summary>
    public static readonly (int Major, int Minor) HttpRouteRetryFrom = (1, 25);

    /// <summary>gateway-api <c>apis/v1/shared_types.go</c>: <c>RouteConditionAccepted</c>, <c>RouteConditionResolvedRefs</c>.</summary>
    public const string AcceptedCondition = "Accepted";

    public const string ResolvedRefsCondition = "ResolvedRefs";
}
