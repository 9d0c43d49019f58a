using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Cases;

namespace AmbientVerify.Probes.Verdicts;

/// <summary>What a route's kind of object can express on an Istio gateway (DESIGN §2).</summary>
public static class RouteCapabilities
{
    private const string HttpRouteRetryOn =
        "Istio turns spec.rules[].retry into retry_on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes (no reset, 5xx or gateway-error)";

    /// <summary>Why <paramref name="route"/> cannot express <paramref name="capability"/>; null when it can.</summary>
    public static string? Limitation(GatewayRoute route, Capability capability) => (route.Kind, capability) switch
    {
        (RouteKind.HTTPRoute, Capability.RetryOnReset) =>
            $"an HTTPRoute on an Istio gateway cannot retry a reset: {HttpRouteRetryOn}",
        (RouteKind.HTTPRoute, Capability.RetryOnPerTryTimeout) =>
            $"an HTTPRoute on an Istio gateway cannot retry a stalled try: a per-try timeout is retried only under 5xx, gateway-error or reset, and {HttpRouteRetryOn}",
        _ => null,
    };
}
