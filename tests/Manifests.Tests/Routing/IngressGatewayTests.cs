using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Manifests.Tests.Routing;

/// <summary>
/// The sidecar-era ingress: Istio Gateways (networking.istio.io) selecting an ingress proxy, VirtualServices bound to
/// them, and a chart with both kinds of gateway. Each fact is read in istio/istio (<c>push_context.go</c>
/// <c>mergeGateways</c>, <c>model/gateway.go</c> <c>sanitizeServerHostNamespace</c>, <c>networking/core/gateway.go</c>
/// <c>buildGatewayHTTPRouteConfig</c>).
/// </summary>
public class IngressGatewayTests
{
    private static string IstioGateway(string name, string servers, string ns = "bookinfo", string selector = "{istio: ingressgateway}") =>
        $"apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {selector}\n  servers:\n{servers}---\n";

    private static string Server(int port = 80, string protocol = "HTTP", string hosts = "\"*\"", string tls = "") =>
        $"  - port: {{number: {port}, name: {protocol.ToLowerInvariant()}-{port}, protocol: {protocol}}}\n    hosts: [{hosts}]\n"
        + (tls.Length > 0 ? $"    tls: {tls}\n" : "");

    private static string VirtualService(string name, string gateways, string http, string ns = "bookinfo", string hosts = "\"*\"", string exportTo = "") =>
        $"apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  hosts: [{hosts}]\n  gateways: [{gateways}]\n"
        + (exportTo.Length > 0 ? $"  exportTo: [{exportTo}]\n" : "")
        + "  http:\n" + http + "---\n";

    private static string Http(string match, string host = "productpage") =>
        $"    - match: [{{uri: {match}}}]\n      route: [{{destination: {{host: {host}, port: {{number: 9080}}}}}}]\n";

    private static string Service(string name, string ns = "bookinfo") =>
        $"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec: {{ports: [{{port: 9080}}]}}\n---\n";

    private const string GatewayApi = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: bookinfo-gateway, namespace: bookinfo}
        spec:
          gatewayClassName: istio
          listeners: [{name: http, port: 80, protocol: HTTP}]
        ---

        """;

    private static string HttpRoute(string name, string prefix) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: bookinfo}}\nspec:\n"
        + $"  parentRefs: [{{name: bookinfo-gateway}}]\n  rules:\n  - matches: [{{path: {{type: PathPrefix, value: {prefix}}}}}]\n"
        + "    backendRefs: [{name: productpage, port: 9080}]\n---\n";

    /// <summary>Istio's bookinfo ingress (samples/bookinfo/networking/bookinfo-gateway.yaml), as most sidecar installs have it.</summary>
    private static readonly string Bookinfo = IstioGateway("bookinfo-gateway", Server(8080))
        + VirtualService("bookinfo", "bookinfo-gateway",
            Http("{exact: /productpage}") + Http("{prefix: /static}") + Http("{exact: /login}") + Http("{prefix: /api/v1/products}"))
        + Service("productpage");

    private static (IngressGateway Gateway, GatewayRouting Routing) Resolve(string yaml, string? name = null)
    {
        var manifests = MeshManifests.Parse(yaml);
        var gateway = GatewayRoutes.SelectMainGateway(manifests, name);
        return (gateway, GatewayRoutes.Resolve(manifests, gateway, GatewayRoutes.Versions(manifests)));
    }

    [Fact]
    public void The_bookinfo_ingress_serves_its_virtual_service_on_the_istio_gateway_port()
    {
        var (gateway, routing) = Resolve(Bookinfo);

        Assert.Equal(IngressApi.Istio, gateway.Api);
        Assert.Equal(8080, routing.Port);
        Assert.Equal(["/productpage", "/static", "/login", "/api/v1/products"], routing.Routes.Select(r => r.Path.Value));
        Assert.All(routing.Routes, r => Assert.Equal(["*"], r.Domains));
        var bound = Assert.Single(routing.Findings, f => f.RuleId == RoutingRules.VirtualServiceBound);
        Assert.Equal(FindingVerdict.Pass, bound.Verdict);
        Assert.Contains("binds to Istio Gateway bookinfo/bookinfo-gateway server http-8080 (HTTP 8080)", bound.Message);
    }

    [Fact]
    public void Without_a_rendered_proxy_the_default_ingress_is_assumed_and_said()
    {
        var (gateway, routing) = Resolve(Bookinfo);

        Assert.Equal("spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account", gateway.Identity().ToString());
        var emulated = Assert.Single(routing.Findings, f => f.RuleId == RoutingRules.GatewayEmulated);
        Assert.Equal(FindingVerdict.Gap, emulated.Verdict);
        Assert.Equal("emulated the Istio ingress proxy app=istio-ingressgateway,istio=ingressgateway in istio-system with Istio Gateway bookinfo/bookinfo-gateway; "
                     + "no rendered Deployment has the labels istio=ingressgateway: assumed Istio's default ingress proxy "
                     + "(istio-system/istio-ingressgateway, ServiceAccount istio-ingressgateway-service-account): check it on the cluster", emulated.Message);
    }

    [Fact]
    public void A_rendered_proxy_deployment_gives_the_namespace_and_identity()
    {
        var deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ingress, namespace: edge}
            spec:
              selector: {matchLabels: {istio: ingressgateway}}
              template:
                metadata: {labels: {istio: ingressgateway, app: ingress}}
                spec:
                  serviceAccountName: ingress-sa
                  containers: [{name: istio-proxy, image: auto}]
            ---

            """;

        var (gateway, routing) = Resolve(deployment + Bookinfo);

        Assert.Equal("spiffe://cluster.local/ns/edge/sa/ingress-sa", gateway.Identity().ToString());
        Assert.Equal(FindingVerdict.Pass, Assert.Single(routing.Findings, f => f.RuleId == RoutingRules.GatewayEmulated).Verdict);
    }

    [Fact]
    public void Istio_gateways_selecting_the_same_proxy_are_merged_and_others_are_not()
    {
        var yaml = Bookinfo
                   + IstioGateway("reviews-gateway", Server(8080, hosts: "\"reviews.example.com\""))
                   + VirtualService("reviews", "reviews-gateway", Http("{prefix: /}", "reviews"), hosts: "reviews.example.com")
                   + IstioGateway("egress", Server(8080), selector: "{istio: egressgateway}")
                   + VirtualService("egress-vs", "egress", Http("{prefix: /egress}"))
                   + Service("reviews");

        var (gateway, routing) = Resolve(yaml, "bookinfo-gateway");

        Assert.Equal(["bookinfo/bookinfo-gateway", "bookinfo/reviews-gateway"], gateway.IstioGateways.Select(g => g.Ref.QualifiedName));
        Assert.Contains(routing.Routes, r => r.Name == "reviews" && r.Domains.SequenceEqual(["reviews.example.com"]));
        Assert.DoesNotContain(routing.Routes, r => r.Name == "egress-vs");
        var skipped = Assert.Single(routing.Findings, f => f.RuleId == RoutingRules.RouteOnThisGateway && f.Subject.Name == "egress-vs");
        Assert.Equal(FindingVerdict.Gap, skipped.Verdict);
        Assert.Equal("run the gate again with --gateway-name bookinfo/egress to probe it", skipped.Remedy);
    }

    [Fact]
    public void A_namespace_scoped_server_host_does_not_serve_a_virtual_service_of_another_namespace()
    {
        var yaml = IstioGateway("gw", Server(hosts: "\"./*\""), ns: "edge")
                   + VirtualService("own", "edge/gw", Http("{prefix: /own}"), ns: "edge")
                   + VirtualService("foreign", "edge/gw", Http("{prefix: /foreign}"))
                   + Service("productpage") + Service("productpage", "edge");

        var (_, routing) = Resolve(yaml);

        Assert.Equal(["own"], routing.Routes.Select(r => r.Name));
        var foreign = Assert.Single(routing.Findings, f => f.RuleId == RoutingRules.VirtualServiceBound && f.Subject.Name == "foreign");
        Assert.Equal(FindingVerdict.Fail, foreign.Verdict);
        Assert.Contains("none of its hosts (*) is served by Istio Gateway edge/gw server http-80 (HTTP 80) (hosts edge/*)", foreign.Message);
    }

    [Fact]
    public void A_virtual_service_exported_only_to_its_namespace_is_hidden_from_the_proxy_in_istio_system()
    {
        var yaml = IstioGateway("bookinfo-gateway", Server())
                   + VirtualService("private", "bookinfo-gateway", Http("{prefix: /}"), exportTo: "\".\"")
                   + VirtualService("public", "bookinfo-gateway", Http("{prefix: /public}"))
                   + Service("productpage");

        var (_, routing) = Resolve(yaml);

        Assert.Equal(["public"], routing.Routes.Select(r => r.Name));
        var hidden = Assert.Single(routing.Findings, f => f.RuleId == RoutingRules.VirtualServiceBound && f.Verdict == FindingVerdict.Fail);
        Assert.Contains("hides it from namespace istio-system, where the gateway runs", hidden.Message);
    }

    [Fact]
    public void An_https_redirect_server_answers_every_request_with_a_redirect_and_its_routes_are_not_probed()
    {
        var yaml = IstioGateway("gw", Server(80, tls: "{httpsRedirect: true}") + Server(443, "HTTPS", tls: "{mode: SIMPLE, credentialName: cert}"))
                   + VirtualService("vs", "gw", Http("{prefix: /}"))
                   + Service("productpage");

        var (_, routing) = Resolve(yaml);

        var host = Assert.Single(routing.VirtualHosts);
        Assert.True(host.RequiresTls);
        Assert.All(routing.Routes, r => Assert.True(r.AnswersLocally));
        Assert.Empty(routing.RoutesWithBackends);
        Assert.Contains("sets tls.httpsRedirect", routing.WhyNothingToProbe?.Message);
        Assert.Contains(routing.Findings, f => f.RuleId == RoutingRules.ListenerEmulated
                                               && f.Message.Contains("server http-80 (HTTP 80) sets tls.httpsRedirect: Envoy answers every plain-HTTP request for * with a 301 to https"));
        Assert.Contains(routing.Findings, f => f.RuleId == RoutingRules.ListenerEmulated
                                               && f.Message.Contains("server https-443 (HTTPS 443) is not served by the local gateway (TLS termination is not emulated)"));
    }

    [Theory]
    [InlineData("HTTP", true)]
    [InlineData("http2", true)]
    [InlineData("GRPC", true)]
    [InlineData("GRPC-Web", true)]
    [InlineData("HTTPS", false)]
    [InlineData("TCP", false)]
    public void Servers_of_the_protocols_istio_serves_as_http_are_served_in_plaintext(string protocol, bool served)
    {
        var yaml = IstioGateway("gw", Server(8080, protocol))
                   + VirtualService("vs", "gw", Http("{prefix: /}"))
                   + Service("productpage");

        var (_, routing) = Resolve(yaml);

        Assert.Equal(served ? 8080 : null, routing.Port);
        Assert.Equal(served ? 1 : 0, routing.RoutesWithBackends.Count);
        Assert.Equal(!served, routing.Findings.Any(f => f.RuleId == RoutingRules.ListenerEmulated && f.Message.Contains("is not served by the local gateway")));
    }

    [Fact]
    public void A_plain_server_without_redirect_is_preferred_to_a_redirecting_one()
    {
        var yaml = IstioGateway("gw", Server(80, tls: "{httpsRedirect: true}") + Server(8080))
                   + VirtualService("vs", "gw", Http("{prefix: /}"))
                   + Service("productpage");

        var (_, routing) = Resolve(yaml);

        Assert.Equal(8080, routing.Port);
        Assert.False(Assert.Single(routing.VirtualHosts).RequiresTls);
        Assert.Single(routing.RoutesWithBackends);
    }

    [Fact]
    public void A_redirecting_host_without_a_virtual_service_still_redirects()
    {
        var yaml = IstioGateway("gw", Server(80, hosts: "\"shop.example.com\", \"old.example.com\"", tls: "{httpsRedirect: true}"))
                   + VirtualService("vs", "gw", Http("{prefix: /}"), hosts: "shop.example.com")
                   + Service("productpage");

        var (_, routing) = Resolve(yaml);

        var redirectOnly = Assert.Single(routing.VirtualHosts, v => v.Domains.SequenceEqual(["old.example.com"]));
        Assert.True(redirectOnly.RequiresTls);
        Assert.Empty(redirectOnly.Routes);
        Assert.NotNull(routing.VirtualHostFor("old.example.com"));
    }

    [Fact]
    public void An_http_route_is_not_served_by_the_istio_ingress_and_says_so()
    {
        var (_, routing) = Resolve(GatewayApi + HttpRoute("r", "/") + Bookinfo, "gateways.networking.istio.io/bookinfo/bookinfo-gateway");

        Assert.DoesNotContain(routing.Routes, r => r.Kind == RouteKind.HTTPRoute);
        var skipped = Assert.Single(routing.Findings, f => f.RuleId == RoutingRules.RouteOnThisGateway);
        Assert.Equal("r", skipped.Subject.Name);
        Assert.Contains("attaches to Gateway bookinfo/bookinfo-gateway, not to Istio ingress proxy app=istio-ingressgateway,istio=ingressgateway in istio-system", skipped.Message);
    }

    // --- Choosing among both kinds ---

    [Fact]
    public void The_gateway_with_more_routes_is_chosen_whatever_its_kind()
    {
        var (gateway, _) = Resolve(GatewayApi + HttpRoute("r", "/") + Bookinfo);

        Assert.Equal(IngressApi.GatewayApi, GatewayRoutes.SelectMainGateway(MeshManifests.Parse(GatewayApi + HttpRoute("r", "/") + HttpRoute("s", "/s") + Bookinfo)).Api);
        Assert.Equal(IngressApi.GatewayApi, gateway.Api); // one route each: Gateway API first
        Assert.Equal(IngressApi.Istio, GatewayRoutes.SelectMainGateway(MeshManifests.Parse(Bookinfo + VirtualService("more", "bookinfo-gateway", Http("{prefix: /more}")))).Api);
    }

    [Fact]
    public void A_name_both_kinds_have_is_refused_with_the_qualified_names()
    {
        var manifests = MeshManifests.Parse(GatewayApi + HttpRoute("r", "/") + Bookinfo);

        var error = Assert.Throws<ManifestException>(() => GatewayRoutes.SelectMainGateway(manifests, "bookinfo-gateway"));

        Assert.Equal("inline.yaml: 'bookinfo-gateway' names 2 gateways: say which with --gateway-name "
                     + "gateways.gateway.networking.k8s.io/bookinfo/bookinfo-gateway or gateways.networking.istio.io/bookinfo/bookinfo-gateway", error.Message);
        Assert.Equal(IngressApi.GatewayApi, GatewayRoutes.SelectMainGateway(manifests, "gateways.gateway.networking.k8s.io/bookinfo/bookinfo-gateway").Api);
        Assert.Equal(IngressApi.Istio, GatewayRoutes.SelectMainGateway(manifests, "gateways.networking.istio.io/bookinfo-gateway").Api);
    }

    [Fact]
    public void An_unknown_name_lists_both_kinds()
    {
        var manifests = MeshManifests.Parse(GatewayApi + Bookinfo);

        var error = Assert.Throws<ManifestException>(() => GatewayRoutes.SelectMainGateway(manifests, "nope"));

        Assert.Equal("inline.yaml: no Gateway named 'nope'; available: bookinfo/bookinfo-gateway, bookinfo/bookinfo-gateway (Istio Gateway)", error.Message);
    }

    // --- Gateway API classes Istio does not serve ---

    [Theory]
    [InlineData("istio", null, false)]
    [InlineData("istio-waypoint", null, false)]
    [InlineData("mine", "istio.io/gateway-controller", false)]
    [InlineData("eg", "gateway.envoyproxy.io/gatewayclass-controller", true)]
    [InlineData("nginx", null, true)]
    public void A_gateway_class_of_another_controller_is_a_gap(string className, string? controller, bool gap)
    {
        var gatewayClass = controller is null ? ""
            : $"apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {{name: {className}}}\nspec: {{controllerName: {controller}}}\n---\n";
        var (_, routing) = Resolve(gatewayClass + GatewayApi.Replace("gatewayClassName: istio", $"gatewayClassName: {className}") + HttpRoute("r", "/") + Service("productpage"));

        var gaps = routing.Findings.Where(f => f.RuleId == RoutingRules.GatewayEmulated && f.Verdict == FindingVerdict.Gap).ToList();
        Assert.Equal(gap, gaps.Count == 1);
        if (gap)
        {
            Assert.Contains($"has class {className}, which", gaps[0].Message);
            Assert.Contains("the local gateway emulates it as Istio would", gaps[0].Message);
        }
    }

    [Fact]
    public void The_gateway_api_gateway_runs_as_its_automated_deployment_account()
    {
        var gateway = new GatewayManifest(new ObjectRef("gateway.networking.k8s.io/v1", "Gateway", "ecommerce-gateway", "ecommerce", "x.yaml:1"), "istio", []);

        Assert.Equal("spiffe://cluster.local/ns/ecommerce/sa/ecommerce-gateway-istio", IngressGateway.For(gateway).Identity().ToString());
    }
}
