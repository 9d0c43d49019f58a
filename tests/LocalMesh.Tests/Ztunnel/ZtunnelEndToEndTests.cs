using System.Net;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Tests.Support;

namespace AmbientVerify.LocalMesh.Tests.Ztunnel;

/// <summary>gateway → HBONE (mTLS + CONNECT) → ztunnel → app, on real loopback sockets.</summary>
public sealed class ZtunnelEndToEndTests
{
    private const string Path = "/api/customers/1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_through_the_ztunnel_reaches_the_app()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200));

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("try 1: 200", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["GET /api/customers/1 "], mesh.Backend.Requests);
    }

    [Fact]
    public async Task A_started_ztunnel_already_holds_its_own_and_every_captured_pods_certificate()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200));

        var dataplane = mesh.Dataplane.Service<LocalDataplane>();

        Assert.True(dataplane.Identities.Holds(Manifests.Topology.SpiffeId.Parse(MeshManifestsDirectory.CustomerPrincipal)));
        Assert.True(dataplane.Identities.Holds(AmbientVerify.LocalMesh.Ztunnel.ZtunnelServer.OwnIdentity(dataplane.Topology)));
    }

    [Fact]
    public async Task Ztunnel_counts_the_gateway_connection_as_mutual_tls_with_both_principals()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200));

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        var opened = Assert.Single(await mesh.OpenedConnectionsAsync());
        Assert.Equal(1, opened.Value);
        Assert.Equal("destination", opened.Label("reporter"));
        Assert.Equal("mutual_tls", opened.Label("connection_security_policy"));
        Assert.Equal(MeshManifestsDirectory.GatewayPrincipal, opened.Label("source_principal"));
        Assert.Equal("ecommerce-gateway-istio", opened.Label("source_workload"));
        Assert.Equal(MeshManifestsDirectory.CustomerPrincipal, opened.Label("destination_principal"));
        Assert.Equal("customer-service", opened.Label("destination_workload"));
        Assert.Equal("customer-service.ecommerce.svc.cluster.local", opened.Label("destination_service"));
    }

    [Fact]
    public async Task Requests_of_a_keep_alive_client_take_turns_over_the_pods_one_tunnel_each()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200));

        foreach (var _ in Enumerable.Range(0, 4))
        {
            using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // customer-service has two pods: each got its own tunnel, and kept it for its second request.
        Assert.Equal(2.0, (await mesh.OpenedConnectionsAsync()).Sum(s => s.Value));
    }

    [Fact]
    public async Task Ztunnel_counts_bytes_both_ways_on_the_tunnel()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200));

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);
        await response.Content.ReadAsStringAsync(Ct);

        var samples = PrometheusText.Parse(await mesh.Dataplane.Client.GetStringAsync("/metrics", Ct));
        Assert.True(samples.Single(s => s.Name == "istio_tcp_received_bytes_total").Value > 0, "no request bytes counted");
        Assert.True(samples.Single(s => s.Name == "istio_tcp_sent_bytes_total").Value > 0, "no response bytes counted");
    }

    [Fact]
    public async Task Strict_refuses_plaintext_to_a_pod_address()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200));
        var pod = (await mesh.WorkloadsAsync()).First();

        var answer = await PlaintextClient.GetAsync(pod.Address, Path, Ct);

        Assert.Equal("", answer);
        Assert.Equal(0, mesh.Backend.Tries);
    }

    [Fact]
    public async Task Permissive_accepts_plaintext_to_a_pod_address()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200), peerAuthentication: "PERMISSIVE");
        var pod = (await mesh.WorkloadsAsync()).First();

        var answer = await PlaintextClient.GetAsync(pod.Address, Path, Ct);

        Assert.StartsWith("HTTP/1.1 200", answer);
    }

    [Fact]
    public async Task Permissive_plaintext_is_counted_with_security_policy_unknown()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200), peerAuthentication: "PERMISSIVE");
        var pod = (await mesh.WorkloadsAsync()).First();

        await PlaintextClient.GetAsync(pod.Address, Path, Ct);

        var opened = Assert.Single(await mesh.OpenedConnectionsAsync());
        Assert.Equal("unknown", opened.Label("connection_security_policy"));
        Assert.Equal("unknown", opened.Label("source_principal"));
        Assert.Equal(MeshManifestsDirectory.CustomerPrincipal, opened.Label("destination_principal"));
    }

    [Fact]
    public async Task Reset_through_the_tunnel_answers_503_connection_termination_without_retry_under_httproute()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Reset);

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("reset reason: connection termination", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, mesh.Backend.Tries);
    }

    [Fact]
    public async Task Status_retries_through_the_tunnel_are_unchanged()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(n => BackendAction.Status(n <= 3 ? 503 : 200));

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["1", "2", "3", "4"], mesh.Backend.AttemptCountHeaders);
    }

    [Fact]
    public async Task Workloads_view_shows_hbone_for_every_captured_pod()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200));

        var workloads = await mesh.WorkloadsAsync();

        Assert.Equal(["customer-service-0", "customer-service-1"], workloads.Select(w => w.PodName));
        Assert.All(workloads, w =>
        {
            Assert.Equal(WorkloadEntry.Hbone, w.Protocol);
            Assert.Equal("ecommerce", w.Namespace);
            Assert.Equal("local", w.Node);
            Assert.Equal("None", w.Waypoint);
            Assert.StartsWith("127.0.0.1:", w.Address);
        });
        Assert.NotEqual(workloads[0].Address, workloads[1].Address);
    }

    [Fact]
    public async Task Workloads_view_shows_tcp_for_pods_outside_ambient()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200), namespaceLabel: "team: shop");

        var workloads = await mesh.WorkloadsAsync();

        Assert.All(workloads, w => Assert.Equal(WorkloadEntry.Tcp, w.Protocol));
    }

    [Fact]
    public async Task Pods_outside_ambient_are_dialled_in_plaintext_and_never_reach_the_ztunnel()
    {
        await using var mesh = await MeshUnderTest.StartAmbientAsync(_ => BackendAction.Status(200), namespaceLabel: "team: shop");

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await mesh.OpenedConnectionsAsync());
    }
}
