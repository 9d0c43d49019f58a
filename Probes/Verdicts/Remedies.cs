using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Verdicts;

/// <summary>
/// The fix for a failed case, derived from the object whose policy the gateway applies to the route: it names the
/// field that is wrong and the value to set, so a user can change the chart without reading our code.
/// </summary>
public static class Remedies
{
    /// <summary>Istio's own default when HTTPRoute retry.attempts is left out.</summary>
    private const int IstioDefaultAttempts = 2;

    public static string For(GatewayRoute route, ProbeCase probeCase, ExpectationOptions expected)
    {
        var remedy = route.Kind == RouteKind.VirtualService
            ? ForVirtualService(route, probeCase, expected)
            : ForHttpRoute(route, probeCase, expected);
        return remedy ?? $"{route.Source} already states the expected policy: check that the gateway applies it " +
            "(Istio 1.25+ for HTTPRoute retry, MeshConfig defaultHttpRetryPolicy, another route serving this path)";
    }

    /// <summary>The retry the HTTPRoute should carry, e.g. spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}.</summary>
    public static string ExpectedHttpRouteRetry(ExpectationOptions expected) =>
        $"spec.rules[].retry {{attempts: {expected.Retries}, codes: [{string.Join(", ", expected.RetriedStatusCodes)}]}}";

    private static string? ForHttpRoute(GatewayRoute route, ProbeCase probeCase, ExpectationOptions expected)
    {
        var rule = route.HttpRouteRule;
        var retry = rule?.Retry;
        var timeouts = rule?.Timeouts;
        var annotations = route.HttpRoute?.Annotations ?? new Dictionary<string, string>();

        if (timeouts?.BackendRequest is { } backendRequest && retry is null && IsTiming(probeCase))
        {
            return $"timeouts.backendRequest without retry replaces the request timeout (backendRequest is {Durations.Format(backendRequest)}): " +
                $"remove it, or add {ExpectedHttpRouteRetry(expected)}";
        }

        if (probeCase.Needs == Capability.RetryOnStatus && retry is null
            && route.DroppedFields.FirstOrDefault(f => f.Contains("].retry ", StringComparison.Ordinal)) is { } dropped)
        {
            return $"{route.Source}: {dropped}, so Istio applies its default retry policy: install the Gateway API experimental-channel CRDs "
                   + "(the channel that declares spec.rules[].retry) and apply the route again";
        }

        switch (probeCase.Needs)
        {
            // A route expected not to retry has nothing to add; what retries it is Istio's default policy, and the CRD
            // refuses retry.attempts 0, so the mesh-wide default is the only knob.
            case Capability.RetryOnStatus when retry is null && expected.Retries == 0:
                return "the route has no spec.rules[].retry, so Istio's default retry policy applies: set MeshConfig defaultHttpRetryPolicy {attempts: 0} "
                       + "if the route must not retry";
            case Capability.RetryOnStatus when expected.Retries == 0:
                return "remove spec.rules[].retry: the route is expected not to retry (the CRD refuses retry.attempts 0)";
            case Capability.RetryOnStatus when retry is null:
                var ignored = annotations.Keys
                    .Where(k => k.StartsWith("retry.istio.io/", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                return ignored.Count switch
                {
                    0 => $"add {ExpectedHttpRouteRetry(expected)}",
                    1 => $"annotation {ignored[0]} is not read by Istio: use {ExpectedHttpRouteRetry(expected)}",
                    _ => $"annotation {ignored[0]} is not read by Istio (nor {string.Join(", ", ignored.Skip(1))}): use {ExpectedHttpRouteRetry(expected)}",
                };
            case Capability.RetryOnStatus:
                var attempts = retry.Attempts ?? IstioDefaultAttempts;
                if (attempts != expected.Retries)
                {
                    return $"spec.rules[].retry.attempts is {attempts}{(retry.Attempts is null ? " (Istio's default)" : "")}: set {expected.Retries}";
                }

                return probeCase.Fault.ResponseCode is { } code && !retry.Codes.Contains(code)
                    ? $"spec.rules[].retry.codes lacks {code}: add it ({ExpectedHttpRouteRetry(expected)})"
                    : null;
            case Capability.RouteTimeout:
            case Capability.None when IsTiming(probeCase):
                return timeouts?.Request switch
                {
                    null => $"set spec.rules[].timeouts.request: {Durations.Format(expected.RequestTimeout)}",
                    var request when request != expected.RequestTimeout =>
                        $"timeouts.request is {Durations.Format(request.Value)}: set {Durations.Format(expected.RequestTimeout)}",
                    _ => null,
                };
            default:
                return RouteCapabilities.Limitation(route, probeCase.Needs);
        }
    }

    private static string? ForVirtualService(GatewayRoute route, ProbeCase probeCase, ExpectationOptions expected)
    {
        var http = route.VirtualServiceRoute;
        var where = $"VirtualService {route.Source.Namespace}/{route.Source.Name} http[{http?.Index ?? 0}]";
        var retries = http?.Retries;
        var expectedRetries =
            $"retries {{attempts: {expected.Retries}, perTryTimeout: {Durations.Format(expected.PerTryTimeout)}, retryOn: {expected.RetryOn}}}";

        switch (probeCase.Needs)
        {
            case Capability.RetryOnStatus or Capability.RetryOnReset or Capability.RetryOnPerTryTimeout when retries is null:
                return $"{where} has no retries: set {expectedRetries}";
            case Capability.RetryOnStatus or Capability.RetryOnReset or Capability.RetryOnPerTryTimeout:
                if (retries.Attempts != expected.Retries)
                {
                    // Istio's webhook refuses perTryTimeout or retryOn beside attempts 0; removing retries would bring
                    // back Istio's default retry policy instead.
                    return expected.Retries == 0
                        ? $"{where} retries.attempts is {retries.Attempts}: set retries {{attempts: 0}} without perTryTimeout or retryOn"
                        : $"{where} retries.attempts is {retries.Attempts}: set {expected.Retries}";
                }

                if (!RetryOnCovers(retries.RetryOn, probeCase))
                {
                    return $"{where} retries.retryOn is '{retries.RetryOn}': set '{expected.RetryOn}'";
                }

                return probeCase.Needs == Capability.RetryOnPerTryTimeout && retries.PerTryTimeout != expected.PerTryTimeout
                    ? $"{where} retries.perTryTimeout is {(retries.PerTryTimeout is { } p ? Durations.Format(p) : "not set (defaults to the route timeout)")}: set {Durations.Format(expected.PerTryTimeout)}"
                    : null;
            case Capability.RouteTimeout:
            case Capability.None when IsTiming(probeCase):
                return http?.Timeout switch
                {
                    null => $"{where} has no timeout: set timeout: {Durations.Format(expected.RequestTimeout)}",
                    var timeout when timeout != expected.RequestTimeout =>
                        $"{where} timeout is {Durations.Format(timeout.Value)}: set {Durations.Format(expected.RequestTimeout)}",
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static bool RetryOnCovers(string? retryOn, ProbeCase probeCase)
    {
        // As Envoy reads it: every valid name counts (retriable-4xx, gRPC names…), unknown ones are ignored, never a
        // reason to blame a VirtualService that names valid conditions (Istio's webhook refuses the unknown ones).
        var flags = RetryOnText.ParseLenient(retryOn, out var codes, out _);
        var noResponse = (flags & (RetryOn.FiveXx | RetryOn.GatewayError | RetryOn.Reset)) != 0;
        return probeCase.Needs switch
        {
            Capability.RetryOnStatus when probeCase.Fault.ResponseCode is { } code =>
                flags.HasFlag(RetryOn.FiveXx) || (flags.HasFlag(RetryOn.GatewayError) && code is 502 or 503 or 504) || codes.Contains(code),
            Capability.RetryOnReset or Capability.RetryOnPerTryTimeout => noResponse,
            _ => true,
        };
    }

    private static bool IsTiming(ProbeCase probeCase) => probeCase.Fault.Delay is not null;
}
