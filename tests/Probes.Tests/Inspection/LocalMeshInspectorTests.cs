using AmbientVerify.TestSupport;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Inspection;

public class LocalMeshInspectorTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_an_admin_endpoint_the_dataplane_cannot_be_looked_at()
    {
        using var http = new HttpClient();
        var (inspector, _) = await Meshes.InspectAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart")), http);

        var error = await Assert.ThrowsAsync<InspectionException>(() => inspector.GetDataplaneMetricsAsync(Cancel));

        Assert.Equal(LocalMeshInspector.NoAdminEndpoint, error.Message);
    }

    [Fact]
    public async Task Unreachable_admin_endpoint_is_named()
    {
        using var http = new HttpClient();
        var closed = LoopbackPorts.ClosedUrl();
        var (inspector, _) = await Meshes.InspectAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart")), http, closed);

        var error = await Assert.ThrowsAsync<InspectionException>(() => inspector.GetDataplaneComponentsAsync(Cancel));

        Assert.Contains($"{closed}workloads is unreachable", error.Message);
    }

    [Fact]
    public async Task Admin_listing_hbone_pods_is_a_ztunnel()
    {
        using var http = new HttpClient();
        await using var pod = FakePod.Refusing();
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart"));
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(manifests, pod);
        var (inspector, _) = await Meshes.InspectAsync(manifests, http, ztunnel.Address);

        var component = Assert.Single(await inspector.GetDataplaneComponentsAsync(Cancel));

        Assert.Equal(DataplaneComponentKind.Ztunnel, component.Kind);
        Assert.Equal(["cart-0", "cart-1"], component.Workloads.Select(w => w.PodName));
    }

    [Fact]
    public async Task Admin_listing_one_workloads_tcp_pods_is_a_sidecar()
    {
        using var http = new HttpClient();
        await using var pod = FakePod.Refusing();
        var manifests = Meshes.Parse(Meshes.Namespace(Meshes.SidecarNamespace), Meshes.Gateway, Meshes.Service("cart"));
        var sidecars = await FakeDataplaneAdmin.SidecarsAsync(manifests, pod);
        await using var sidecar = sidecars.Single();
        var (inspector, _) = await Meshes.InspectAsync(manifests, http, sidecar.Address);

        Assert.Equal(DataplaneComponentKind.Sidecar, Assert.Single(await inspector.GetDataplaneComponentsAsync(Cancel)).Kind);
    }

    [Fact]
    public async Task A_sidecar_of_a_workload_whose_name_another_namespace_also_has_is_still_one_workloads_sidecar()
    {
        using var http = new HttpClient();
        await using var pod = FakePod.Refusing();
        static string InTeamB(string yaml) => yaml.Replace("ecommerce", "team-b", StringComparison.Ordinal);
        var manifests = Meshes.Parse(
            Meshes.Namespace(Meshes.SidecarNamespace), InTeamB(Meshes.Namespace(Meshes.SidecarNamespace)),
            Meshes.Gateway, Meshes.Service("cart"), InTeamB(Meshes.Service("cart")));
        var sidecars = await FakeDataplaneAdmin.SidecarsAsync(manifests, pod);
        try
        {
            // Workloads sorted by namespace: ecommerce/cart first, team-b/cart second (pods cart-0 and cart-1 in both).
            var (inspector, _) = await Meshes.InspectAsync(manifests, http, sidecars[1].Address);

            var component = Assert.Single(await inspector.GetDataplaneComponentsAsync(Cancel));

            Assert.Equal(DataplaneComponentKind.Sidecar, component.Kind);
            Assert.All(component.Workloads, w => Assert.Equal("team-b", w.Namespace));
        }
        finally
        {
            foreach (var sidecar in sidecars)
            {
                await sidecar.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Metrics_keep_only_istio_tcp_samples()
    {
        using var http = new HttpClient();
        await using var admin = await FakeDataplaneAdmin.StartAsync([], _ => "process_cpu_seconds_total 3\n" + IstioMetrics.Opened("cart", 4));
        var (inspector, _) = await Meshes.InspectAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart")), http, admin.Address);

        var sample = Assert.Single((await inspector.GetDataplaneMetricsAsync(Cancel)).Samples);

        Assert.Equal(("istio_tcp_connections_opened_total", 4.0), (sample.Name, sample.Value));
    }

    [Fact]
    public async Task Pod_addresses_come_from_the_workloads_view()
    {
        using var http = new HttpClient();
        await using var pod = FakePod.Refusing();
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart", replicas: 1));
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(manifests, pod);
        var (inspector, _) = await Meshes.InspectAsync(manifests, http, ztunnel.Address);

        var address = Assert.Single(await inspector.GetPodAddressesAsync(Cancel));

        Assert.Equal($"{address.Host}:{address.Port}", pod.Address);
        Assert.Equal("cart-0", address.PodName);
    }

    [Fact]
    public async Task A_pod_listed_without_an_address_has_none_and_the_other_pods_keep_theirs()
    {
        using var http = new HttpClient();
        await using var admin = await FakeDataplaneAdmin.StartAsync(
            [new("ecommerce", "batch-0", "", "local", "None", "TCP"), new("ecommerce", "cart-0", "127.0.0.1:5001", "local", "None", "HBONE")],
            _ => "");
        var (inspector, _) = await Meshes.InspectAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart")), http, admin.Address);

        var address = Assert.Single(await inspector.GetPodAddressesAsync(Cancel));

        Assert.Equal(("cart-0", "127.0.0.1", 5001), (address.PodName, address.Host, address.Port));
    }
}
