using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>Hand-built gateway routes, as the manifest parser would produce them.</summary>
internal static class Routes
{
    public static readonly IReadOnlyList<int> PlanCodes = [500, 502, 503, 504];

    public static readonly IReadOnlyDictionary<string, string> PlanAnnotations = new Dictionary<string, string>
    {
        ["retry.istio.io/attempts"] = "3",
        ["retry.istio.io/per-try-timeout"] = "10s",
        ["retry.istio.io/retry-on"] = "5xx,reset,connect-failure,refused-stream",
    };

    public static GatewayRoute HttpRoute(
        HttpRouteRetry? retry = null,
        HttpRouteTimeouts? timeouts = null,
        IReadOnlyDictionary<string, string>? annotations = null,
        string name = "customer-service-route",
        string path = "/api/customers",
        PathMatchType pathType = PathMatchType.PathPrefix,
        IReadOnlyList<string>? hostnames = null)
    {
        var match = new PathMatch(pathType, path);
        var rule = new HttpRouteRule(0, [match], [new BackendRef("customer-service", null, 8080, 1)], timeouts, retry);
        var manifest = new HttpRouteManifest(
            new ObjectRef("gateway.networking.k8s.io/v1", "HTTPRoute", name, "ecommerce", "05-httproute.yaml:1"),
            annotations ?? new Dictionary<string, string>(),
            [new ParentRef("main-gateway", null)],
            hostnames ?? [],
            [rule]);
        return new GatewayRoute(name, RouteKind.HTTPRoute, match, hostnames ?? [], "customer-service", 8080, manifest, rule, null, null);
    }

    /// <summary>The plan's HTTPRoute: retry.istio.io annotations, request timeout 30s, no spec retry.</summary>
    public static GatewayRoute AsPlanned() =>
        HttpRoute(timeouts: new HttpRouteTimeouts(TimeSpan.FromSeconds(30), null), annotations: PlanAnnotations);

    /// <summary>The best HTTPRoute-only translation: retry {attempts: 3, codes: [500, 502, 503, 504]}, request 30s.</summary>
    public static GatewayRoute CorrectedAmbient() =>
        HttpRoute(new HttpRouteRetry(3, PlanCodes, null), new HttpRouteTimeouts(TimeSpan.FromSeconds(30), null));

    public static GatewayRoute VirtualService(
        VirtualServiceRetries? retries = null,
        TimeSpan? timeout = null,
        string name = "customer-service",
        string path = "/api/customers")
    {
        var match = new PathMatch(PathMatchType.PathPrefix, path);
        var http = new VirtualServiceHttpRoute(0, null, [match], [new VirtualServiceDestination("customer-service", 8080, 100)], timeout, retries);
        var manifest = new VirtualServiceManifest(
            new ObjectRef("networking.istio.io/v1", "VirtualService", name, "ecommerce", "virtualservice.yaml:1"),
            ["api.example.com"], ["istio-system/main-gateway"], [http]);
        return new GatewayRoute(name, RouteKind.VirtualService, match, [], "customer-service", 8080, null, null, manifest, http);
    }

    /// <summary>The legacy VirtualService: timeout 30s, 3 retries, per-try 10s, retryOn 5xx,reset,connect-failure,refused-stream.</summary>
    public static GatewayRoute Legacy() => VirtualService(
        new VirtualServiceRetries(3, TimeSpan.FromSeconds(10), "5xx,reset,connect-failure,refused-stream"), TimeSpan.FromSeconds(30));
}
