using System.Net;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;

namespace AmbientVerify.LocalMesh.Tests.Sidecar;

/// <summary>gateway → mTLS → the pod's sidecar listener → app, on real loopback sockets.</summary>
public sealed class SidecarEndToEndTests
{
    private const string Path = "/api/customers/1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_through_the_sidecar_reaches_the_app()
    {
        await using var mesh = await MeshUnderTest.StartSidecarAsync(_ => BackendAction.Status(200));

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, mesh.Backend.Tries);
    }

    [Fact]
    public async Task A_started_sidecar_already_holds_the_certificate_of_its_pods_before_any_connection()
    {
        await using var mesh = await MeshUnderTest.StartSidecarPerPodAsync(_ => BackendAction.Status(200));

        var identities = mesh.Dataplanes.Select(d => d.Service<LocalDataplane>().Identities).ToList();

        Assert.All(identities, held => Assert.True(held.Holds(Manifests.Topology.SpiffeId.Parse(MeshManifestsDirectory.CustomerPrincipal))));
    }

    [Fact]
    public async Task Sidecar_counts_the_gateway_connection_as_mutual_tls_with_both_principals()
    {
        await using var mesh = await MeshUnderTest.StartSidecarAsync(_ => BackendAction.Status(200));

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        var opened = Assert.Single(await mesh.OpenedConnectionsAsync());
        Assert.Equal("destination", opened.Label("reporter"));
        Assert.Equal("mutual_tls", opened.Label("connection_security_policy"));
        Assert.Equal(MeshManifestsDirectory.GatewayPrincipal, opened.Label("source_principal"));
        Assert.Equal(MeshManifestsDirectory.CustomerPrincipal, opened.Label("destination_principal"));
        Assert.Equal("customer-service", opened.Label("destination_workload"));
    }

    [Fact]
    public async Task Strict_refuses_plaintext_to_a_sidecar()
    {
        await using var mesh = await MeshUnderTest.StartSidecarAsync(_ => BackendAction.Status(200));
        var pod = (await mesh.WorkloadsAsync()).First();

        var answer = await PlaintextClient.GetAsync(pod.Address, Path, Ct);

        Assert.Equal("", answer);
        Assert.Equal(0, mesh.Backend.Tries);
    }

    [Fact]
    public async Task Permissive_sidecar_accepts_plaintext_and_counts_it_as_unknown()
    {
        await using var mesh = await MeshUnderTest.StartSidecarAsync(_ => BackendAction.Status(200), peerAuthentication: "PERMISSIVE");
        var pod = (await mesh.WorkloadsAsync()).First();

        var answer = await PlaintextClient.GetAsync(pod.Address, Path, Ct);

        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Equal("unknown", Assert.Single(await mesh.OpenedConnectionsAsync()).Label("connection_security_policy"));
    }

    [Fact]
    public async Task Workloads_view_lists_one_inbound_listener_per_pod_as_tcp()
    {
        await using var mesh = await MeshUnderTest.StartSidecarAsync(_ => BackendAction.Status(200));

        var workloads = await mesh.WorkloadsAsync();

        Assert.Equal(["customer-service-0", "customer-service-1"], workloads.Select(w => w.PodName));
        Assert.All(workloads, w => Assert.Equal((WorkloadEntry.Tcp, "sidecar"), (w.Protocol, w.Dataplane)));
        Assert.NotEqual(workloads[0].Address, workloads[1].Address);
    }

    [Fact]
    public async Task Gateway_dials_the_pods_of_a_service_in_turn()
    {
        await using var mesh = await MeshUnderTest.StartSidecarAsync(_ => BackendAction.Status(200));
        var dialer = mesh.Gateway.Service<MeshDialer>();

        var pods = Enumerable.Range(0, 3).Select(_ => dialer.NextPod(new AmbientVerify.Manifests.NamespacedName("ecommerce", "customer-service"))!.Name).ToList();

        Assert.Equal(["customer-service-0", "customer-service-1", "customer-service-0"], pods);
    }

    [Fact]
    public async Task A_sidecar_process_per_pod_serves_only_its_pod_and_the_gateway_dials_each_pod_through_its_own()
    {
        await using var mesh = await MeshUnderTest.StartSidecarPerPodAsync(_ => BackendAction.Status(200));

        // One after another, as a keep-alive client sends them: the gateway still takes each to the next pod.
        foreach (var _ in Enumerable.Range(0, 4))
        {
            using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        string[] pods = ["customer-service-0", "customer-service-1"];
        foreach (var (pod, sidecar) in pods.Zip(mesh.Dataplanes))
        {
            Assert.Equal(pod, Assert.Single(await MeshUnderTest.WorkloadsAsync(sidecar)).PodName);
            var opened = Assert.Single(await MeshUnderTest.OpenedConnectionsAsync(sidecar));
            Assert.Equal(("mutual_tls", 1.0), (opened.Label("connection_security_policy"), opened.Value));
        }
    }

    [Fact]
    public async Task A_retried_try_goes_to_the_next_pod_as_Envoy_does()
    {
        await using var mesh = await MeshUnderTest.StartSidecarPerPodAsync(attempt => BackendAction.Status(attempt == 1 ? 503 : 200));

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, mesh.Backend.Tries);
        foreach (var sidecar in mesh.Dataplanes)
        {
            Assert.Equal(1.0, Assert.Single(await MeshUnderTest.OpenedConnectionsAsync(sidecar)).Value);
        }
    }

    [Fact]
    public async Task A_sidecar_for_a_pod_the_workload_does_not_have_refuses_to_start_naming_its_pods()
    {
        using var manifests = MeshManifestsDirectory.Create(MeshManifestsDirectory.Injection);
        var caDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ambientverify-meshca-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<AmbientVerify.Manifests.ManifestException>(() => LocalMeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["LocalMesh:Mode"] = "sidecar",
            ["LocalMesh:Manifests"] = manifests.Path,
            ["LocalMesh:MeshCa"] = caDirectory,
            ["LocalMesh:Sidecar:Workload"] = "customer-service",
            ["LocalMesh:Sidecar:Pod"] = "customer-service-7",
        }));

        if (Directory.Exists(caDirectory))
        {
            Directory.Delete(caDirectory, recursive: true);
        }

        Assert.Equal("LocalMesh:Sidecar:Pod='customer-service-7' is not a pod of Deployment customer-service (its pods: customer-service-0, customer-service-1)", error.Message);
    }

    [Fact]
    public async Task Reset_through_the_sidecar_answers_503_connection_termination_without_retry_under_httproute()
    {
        await using var mesh = await MeshUnderTest.StartSidecarAsync(_ => BackendAction.Reset);

        using var response = await mesh.Gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("reset reason: connection termination", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, mesh.Backend.Tries);
    }
}
