using System.Net;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>
/// The sidecar-era ingress served by the local gateway: an Istio Gateway with a VirtualService bound to it, and a
/// server with <c>tls.httpsRedirect</c>, whose virtual hosts Envoy gives <c>require_tls: ALL</c> (a 301 to
/// "https://" + host + path before any route matches: <c>config_impl.cc</c> <c>SslRedirectRoute</c>).
/// </summary>
public sealed class IstioIngressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Yaml = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: bookinfo-gateway, namespace: bookinfo}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 8080, name: http, protocol: HTTP}
            hosts: ["*"]
          - port: {number: 8080, name: http-old, protocol: HTTP}
            hosts: [old.example.com]
            tls: {httpsRedirect: true}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: bookinfo, namespace: bookinfo}
        spec:
          hosts: ["*"]
          gateways: [bookinfo-gateway]
          http:
          - match: [{uri: {exact: /productpage}}]
            route: [{destination: {host: productpage, port: {number: 9080}}}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: productpage, namespace: bookinfo}
        spec: {ports: [{port: 9080}]}
        """;

    private static async Task<(GatewayHost Gateway, ScriptedBackend Backend)> StartAsync()
    {
        var backend = await ScriptedBackend.StartAsync(_ => BackendAction.Status(200));
        var manifests = MeshManifests.Parse(Yaml, "bookinfo.yaml");
        var routing = GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests), GatewayRoutes.Versions(manifests));
        var gateway = await GatewayHost.StartAsync(routing, new Dictionary<string, Uri> { ["productpage"] = backend.Address });
        return (gateway, backend);
    }

    [Fact]
    public async Task A_virtual_service_bound_to_the_istio_gateway_reaches_its_backend()
    {
        var (gateway, backend) = await StartAsync();
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync("/productpage", Ct);
        using var other = await gateway.Client.GetAsync("/productpage/x", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(1, backend.Tries);
    }

    [Fact]
    public async Task A_redirecting_server_answers_301_to_https_with_the_host_and_path_and_never_forwards()
    {
        var (gateway, backend) = await StartAsync();
        await using var _ = gateway;
        await using var __ = backend;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/productpage?u=1");
        request.Headers.Host = "old.example.com";

        using var response = await gateway.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://old.example.com/productpage?u=1", response.Headers.Location?.ToString());
        Assert.Equal(0, backend.Tries);
    }
}
