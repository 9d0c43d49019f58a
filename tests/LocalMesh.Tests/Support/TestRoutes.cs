using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>Hand-built gateway routes, as the manifest reader would resolve them.</summary>
public static class TestRoutes
{
    public const string Backend = "customer-service";

    public static PathMatch Prefix(string value) => new(PathMatchType.PathPrefix, value);

    public static GatewayRoute HttpRoute(
        PathMatch? path = null,
        HttpRouteRetry? retry = null,
        HttpRouteTimeouts? timeouts = null,
        IReadOnlyDictionary<string, string>? annotations = null,
        IReadOnlyList<string>? hostnames = null,
        string name = "customer-route",
        string backend = Backend)
    {
        path ??= Prefix("/api/customers");
        var rule = new HttpRouteRule(0, [path], [new BackendRef(backend, null, 8080, 1)], timeouts, retry);
        var manifest = new HttpRouteManifest(
            new ObjectRef("gateway.networking.k8s.io/v1", "HTTPRoute", name, "ecommerce", "routes.yaml:1"),
            annotations ?? new Dictionary<string, string>(),
            [new ParentRef("main-gateway", "istio-ingress")],
            hostnames ?? [],
            [rule]);
        return new GatewayRoute(name, RouteKind.HTTPRoute, path, hostnames ?? [], backend, 8080, manifest, rule, null, null);
    }

    public static GatewayRoute VirtualService(
        PathMatch? path = null,
        TimeSpan? timeout = null,
        VirtualServiceRetries? retries = null,
        IReadOnlyList<string>? hosts = null,
        string name = "customer-vs",
        string backend = Backend)
    {
        path ??= Prefix("/api/customers");
        var http = new VirtualServiceHttpRoute(0, "primary", [path], [new VirtualServiceDestination(backend, 8080, 100)], timeout, retries);
        var manifest = new VirtualServiceManifest(
            new ObjectRef("networking.istio.io/v1", "VirtualService", name, "ecommerce", "vs.yaml:1"),
            hosts ?? ["*"],
            ["istio-ingress/main-gateway"],
            [http]);
        return new GatewayRoute(name, RouteKind.VirtualService, path, hosts ?? [], backend, 8080, null, null, manifest, http);
    }

    public static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    public static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);
}
