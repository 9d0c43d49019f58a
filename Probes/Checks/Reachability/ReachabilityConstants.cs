using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks.Reachability;

/// <summary>The reachability check's name, its cases (stable ids and sentences) and the evidence it reads.</summary>
public static class ReachabilityConstants
{
    public const string CheckName = "route-reachable";

    /// <summary>On each route: its plain request, without any fault instruction, is answered by the route's backend.</summary>
    public static readonly CheckCase AnsweredByBackendCase = new("answered-by-backend", "the route's plain request is answered by its backend");

    /// <summary>
    /// Envoy's router adds this to every response that came from an upstream (and never to a local reply: 404 no
    /// route, 503 no healthy upstream, 504 upstream timeout), unless <c>suppress_envoy_headers</c> is set, which Istio
    /// does not do on gateways (envoyproxy/envoy <c>source/common/router/router.cc</c>, onUpstreamHeaders).
    /// </summary>
    public const string UpstreamServiceTimeHeader = "x-envoy-upstream-service-time";

    /// <summary>Methods sent to real services: ones that change nothing (RFC 9110 §9.2.1 safe methods).</summary>
    public static readonly IReadOnlySet<string> SafeMethods = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "GET", "HEAD", "OPTIONS" };
}
