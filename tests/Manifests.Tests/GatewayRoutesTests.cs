using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Tests;

public class GatewayRoutesTests
{
    private static string Gateway(string name, string ns = "shop") =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  gatewayClassName: istio\n  listeners: [{{name: http, port: 80, protocol: HTTP}}]\n---\n";

    private static string HttpRoute(string name, string gateway, string path, string service, string ns = "shop", string? parentNamespace = null) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n"
        + $"  parentRefs: [{{name: {gateway}{(parentNamespace is null ? "" : $", namespace: {parentNamespace}")}}}]\n"
        + $"  rules:\n    - matches: [{{path: {{type: PathPrefix, value: {path}}}}}]\n      backendRefs: [{{name: {service}, port: 8080}}]\n---\n";

    private static string VirtualService(string name, string gatewaysList, string path, string host, string ns = "shop") =>
        $"apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n"
        + $"  hosts: [{host}]\n  gateways: [{gatewaysList}]\n"
        + $"  http:\n    - match: [{{uri: {{prefix: {path}}}}}]\n      route: [{{destination: {{host: {host}, port: {{number: 8080}}}}}}]\n      timeout: 30s\n---\n";

    [Fact]
    public void Main_gateway_is_the_one_with_most_attached_routes()
    {
        var manifests = MeshManifests.Parse(Gateway("a-gw") + Gateway("main") + HttpRoute("r1", "main", "/x", "x")
                                            + VirtualService("v1", "shop/main", "/y", "y") + HttpRoute("r2", "a-gw", "/z", "z"));

        Assert.Equal("main", GatewayRoutes.SelectMainGateway(manifests).Ref.Name);
    }

    [Fact]
    public void Main_gateway_tie_is_broken_alphabetically()
    {
        var manifests = MeshManifests.Parse(Gateway("zeta") + Gateway("alpha") + HttpRoute("r1", "zeta", "/x", "x") + HttpRoute("r2", "alpha", "/y", "y"));

        Assert.Equal("alpha", GatewayRoutes.SelectMainGateway(manifests).Ref.Name);
    }

    [Fact]
    public void Main_gateway_by_name_wins_over_route_count()
    {
        var manifests = MeshManifests.Parse(Gateway("busy") + Gateway("quiet") + HttpRoute("r1", "busy", "/x", "x"));

        Assert.Equal("quiet", GatewayRoutes.SelectMainGateway(manifests, "quiet").Ref.Name);
    }

    [Fact]
    public void Main_gateway_by_unknown_name_lists_the_available_ones()
    {
        var manifests = MeshManifests.Parse(Gateway("one") + Gateway("two"), "inline.yaml");

        var error = Assert.Throws<ManifestException>(() => GatewayRoutes.SelectMainGateway(manifests, "three"));

        Assert.Equal("inline.yaml: no Gateway named 'three'; available: shop/one, shop/two", error.Message);
    }

    [Fact]
    public void Manifests_without_a_gateway_cannot_give_a_main_gateway()
    {
        var manifests = MeshManifests.Parse(HttpRoute("r", "gw", "/x", "x"), "inline.yaml");

        var error = Assert.Throws<ManifestException>(() => GatewayRoutes.SelectMainGateway(manifests));

        Assert.StartsWith("inline.yaml: no Gateway (gateway.networking.k8s.io) found", error.Message);
    }

    [Theory]
    [InlineData("shop/gw", "shop", true)]
    [InlineData("gw", "shop", true)]
    [InlineData("gw", "other", false)]
    [InlineData("other/gw", "shop", false)]
    [InlineData("mesh", "shop", false)]
    public void Virtual_service_binds_to_the_gateway_by_namespace_and_name_or_by_name_in_its_namespace(string bound, string vsNamespace, bool binds)
    {
        var manifests = MeshManifests.Parse(Gateway("gw") + VirtualService("vs", bound, "/x", "x", vsNamespace));

        var routes = GatewayRoutes.Resolve(manifests, manifests.Gateways[0]);

        Assert.Equal(binds, routes.Any(r => r.Kind == RouteKind.VirtualService));
    }

    [Theory]
    [InlineData("shop", null, true)]
    [InlineData("shop", "shop", true)]
    [InlineData("other", null, false)]
    [InlineData("other", "shop", true)]
    public void Http_route_attaches_when_its_parent_ref_namespace_resolves_to_the_gateway_namespace(string routeNamespace, string? parentNamespace, bool attaches)
    {
        var manifests = MeshManifests.Parse(Gateway("gw") + HttpRoute("r", "gw", "/x", "x", routeNamespace, parentNamespace));

        Assert.Equal(attaches, GatewayRoutes.Resolve(manifests, manifests.Gateways[0]).Count == 1);
    }

    [Fact]
    public void Http_route_with_a_service_parent_is_not_attached_to_a_gateway_of_that_name()
    {
        var yaml = Gateway("gw") + HttpRoute("r", "gw", "/x", "x").Replace("[{name: gw}]", "[{name: gw, kind: Service, group: \"\"}]");
        var manifests = MeshManifests.Parse(yaml);

        Assert.Empty(GatewayRoutes.Resolve(manifests, manifests.Gateways[0]));
    }

    [Fact]
    public void Virtual_service_wins_over_an_http_route_on_the_same_path_and_keeps_it_for_reference()
    {
        var manifests = MeshManifests.Parse(Gateway("gw") + HttpRoute("x-route", "gw", "/x", "x")
                                            + VirtualService("x", "shop/gw, mesh", "/x", "x.shop.svc.cluster.local"));

        var route = Assert.Single(GatewayRoutes.Resolve(manifests, manifests.Gateways[0]));

        Assert.Equal(RouteKind.VirtualService, route.Kind);
        Assert.Equal("x", route.Name);
        Assert.Equal("x-route", route.HttpRoute?.Ref.Name);
        Assert.NotNull(route.HttpRouteRule);
        Assert.Equal(TimeSpan.FromSeconds(30), route.VirtualServiceRoute?.Timeout);
        Assert.Equal("VirtualService", route.Source.Kind);
    }

    [Fact]
    public void Virtual_service_host_is_reduced_to_the_service_name()
    {
        var manifests = MeshManifests.Parse(Gateway("gw") + VirtualService("vs", "gw", "/c", "customer-service.ecommerce.svc.cluster.local"));

        var route = Assert.Single(GatewayRoutes.Resolve(manifests, manifests.Gateways[0]));

        Assert.Equal("customer-service", route.BackendService);
        Assert.Equal(8080, route.BackendPort);
    }

    [Fact]
    public void Routes_are_ordered_by_path_and_paths_of_different_objects_stay_separate()
    {
        var manifests = MeshManifests.Parse(Gateway("gw") + HttpRoute("z", "gw", "/b", "b") + HttpRoute("a", "gw", "/c", "c")
                                            + VirtualService("v", "gw", "/a", "a"));

        var routes = GatewayRoutes.Resolve(manifests, manifests.Gateways[0]);

        Assert.Equal(["/a", "/b", "/c"], routes.Select(r => r.Path.Value));
        Assert.Equal([RouteKind.VirtualService, RouteKind.HTTPRoute, RouteKind.HTTPRoute], routes.Select(r => r.Kind));
    }

    [Fact]
    public void One_object_with_several_rules_gets_the_rule_index_in_its_route_names()
    {
        var manifests = MeshManifests.Parse(Gateway("gw") + """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: api, namespace: shop}
            spec:
              parentRefs: [{name: gw}]
              rules:
                - matches: [{path: {value: /a}}]
                  backendRefs: [{name: a}]
                - matches: [{path: {value: /b}}, {path: {value: /c}}]
                  backendRefs: [{name: b}]
            """);

        var routes = GatewayRoutes.Resolve(manifests, manifests.Gateways[0]);

        Assert.Equal(["api#0", "api#1.0", "api#1.1"], routes.Select(r => r.Name));
        Assert.Equal(["a", "b", "b"], routes.Select(r => r.BackendService));
    }

    [Fact]
    public void Rules_without_a_backend_serve_no_route()
    {
        var manifests = MeshManifests.Parse(Gateway("gw") + HttpRoute("r", "gw", "/x", "x").Replace("      backendRefs: [{name: x, port: 8080}]\n", ""));

        Assert.Empty(GatewayRoutes.Resolve(manifests, manifests.Gateways[0]));
    }

    [Fact]
    public void Sidecar_sample_gateway_serves_six_virtual_service_routes()
    {
        var manifests = MeshManifests.LoadDirectory(Samples.Sidecar);

        var routes = GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests));

        Assert.Equal(6, routes.Count);
        Assert.All(routes, r => Assert.Equal(RouteKind.VirtualService, r.Kind));
        Assert.All(routes, r => Assert.NotNull(r.HttpRoute));
        Assert.Equal(Samples.ServiceNames.Order(StringComparer.Ordinal), routes.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ambient_sample_gateway_serves_six_http_routes_retrying_500_to_504_three_times()
    {
        var manifests = MeshManifests.LoadDirectory(Samples.Ambient);

        var routes = GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests));

        Assert.Equal(
            ["/api/customers", "/api/orders", "/api/payments", "/api/products", "/api/sagas", "/api/stores"],
            routes.Select(r => r.Path.Value));
        Assert.All(routes, r => Assert.Equal(RouteKind.HTTPRoute, r.Kind));
        Assert.All(routes, r => Assert.Equal(3, r.HttpRouteRule?.Retry?.Attempts));
        Assert.All(routes, r => Assert.Equal([500, 502, 503, 504], r.HttpRouteRule?.Retry?.Codes));
    }

    [Fact]
    public void Ambient_sample_routes_send_to_the_services_on_port_8080()
    {
        var manifests = MeshManifests.LoadDirectory(Samples.Ambient);

        var routes = GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests));

        Assert.Equal(
            ["customer-service", "order-service", "payment-service", "product-service", "saga-tracker", "store-service"],
            routes.Select(r => r.BackendService));
        Assert.All(routes, r => Assert.Equal(8080, r.BackendPort));
    }

    [Fact]
    public void Ambient_as_planned_sample_routes_have_annotations_and_no_retry()
    {
        var manifests = MeshManifests.LoadDirectory(Samples.AmbientAsPlanned);

        var routes = GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests));

        Assert.Equal(6, routes.Count);
        Assert.All(routes, r => Assert.Equal(RouteKind.HTTPRoute, r.Kind));
        Assert.All(routes, r => Assert.Null(r.HttpRouteRule?.Retry));
        Assert.All(routes, r => Assert.Equal("3", r.HttpRoute?.Annotations["retry.istio.io/attempts"]));
    }

    [Fact]
    public void Samples_main_gateway_is_the_ecommerce_gateway()
    {
        var manifests = MeshManifests.LoadDirectory(Samples.Sidecar);

        var gateway = GatewayRoutes.SelectMainGateway(manifests);

        Assert.Equal("ecommerce/ecommerce-gateway", $"{gateway.Ref.Namespace}/{gateway.Ref.Name}");
    }

    [Fact]
    public void Webhook_gateway_of_a_sample_serves_the_payment_webhook()
    {
        var manifests = MeshManifests.LoadDirectory(Samples.Ambient);

        var route = Assert.Single(GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests, "webhook-gateway")));

        Assert.Equal(new PathMatch(PathMatchType.PathPrefix, "/webhooks/payments"), route.Path);
        Assert.Equal("payment-service", route.BackendService);
    }
}
