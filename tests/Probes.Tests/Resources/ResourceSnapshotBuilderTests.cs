using Microsoft.Extensions.Time.Testing;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>What each mode's dataplane requests, from the manifests and Istio's defaults (injector, ztunnel and istio-cni charts).</summary>
public sealed class ResourceSnapshotBuilderTests
{
    private const long Mi = Snapshots.Mi;

    private static ResourceSnapshot SidecarMesh(params string[] annotations) =>
        ResourceSnapshotBuilder.FromManifests(
            Meshes.Parse(Meshes.Namespace(Meshes.SidecarNamespace), Meshes.Gateway,
                Meshes.Service("plain", replicas: 2),
                Meshes.Service("tuned", replicas: 2, podAnnotation: string.Join("\n        ", annotations.Select(a => a + "\n        ").Prepend("team: shop")))),
            MeshMode.Sidecar, new DataplaneSizing(), new FakeTimeProvider(Snapshots.TakenAt));

    private static ResourceComponent Sidecar(ResourceSnapshot snapshot, string pod) =>
        snapshot.OfKind(ComponentKinds.Sidecar).Single(c => c.Name == pod);

    [Fact]
    public void The_sidecar_sample_has_18_sidecars_at_Istios_default_128Mi_and_100m()
    {
        var sidecars = Snapshots.Sidecar().OfKind(ComponentKinds.Sidecar).ToList();

        Assert.Equal(18, sidecars.Count);
        Assert.All(sidecars, s => Assert.Equal(new ResourceAmounts(0.1, 128 * Mi), s.Requests));
        Assert.All(sidecars, s => Assert.Equal(new ResourceAmounts(2.0, 1024 * Mi), s.Limits));
        Assert.Equal(6, sidecars.Select(s => s.Workload).Distinct().Count());
    }

    [Fact]
    public void The_sidecar_sample_runs_no_ztunnel_and_by_default_no_istio_cni()
    {
        var snapshot = Snapshots.Sidecar();

        Assert.Empty(snapshot.OfKind(ComponentKinds.Ztunnel));
        Assert.Empty(snapshot.OfKind(ComponentKinds.IstioCni));
        Assert.Contains(snapshot.Assumptions, a => a.Contains("istio-init", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ambient_sample_has_no_sidecar_and_a_ztunnel_and_an_istio_cni_per_node()
    {
        var snapshot = Snapshots.Ambient();

        Assert.Empty(snapshot.OfKind(ComponentKinds.Sidecar));
        Assert.Equal(["node-0", "node-1", "node-2"], snapshot.OfKind(ComponentKinds.Ztunnel).Select(c => c.Name));
        Assert.All(snapshot.OfKind(ComponentKinds.Ztunnel), z => Assert.Equal(new ResourceAmounts(0.2, 512 * Mi), z.Requests));
        Assert.All(snapshot.OfKind(ComponentKinds.IstioCni), c => Assert.Equal(new ResourceAmounts(0.1, 100 * Mi), c.Requests));
        Assert.Equal(3, snapshot.OfKind(ComponentKinds.IstioCni).Count());
        Assert.All(snapshot.OfKind(ComponentKinds.Ztunnel), z => Assert.Equal(ResourceAmounts.Unset, z.Limits));
    }

    [Fact]
    public void Workload_containers_are_shown_per_pod_and_are_the_same_in_both_modes()
    {
        var before = Snapshots.Sidecar().OfKind(ComponentKinds.Workload).ToList();
        var after = Snapshots.Ambient().OfKind(ComponentKinds.Workload).ToList();

        Assert.Equal(18, before.Count);
        Assert.Equal(before.Select(c => (c.Name, c.Requests)), after.Select(c => (c.Name, c.Requests)));
        Assert.Contains(before, c => c.Requests == new ResourceAmounts(0.25, 512 * Mi));
    }

    [Fact]
    public void A_gateway_whose_deployment_is_not_rendered_is_shown_as_not_counted()
    {
        var gateway = Snapshots.Ambient().OfKind(ComponentKinds.Gateway).First(g => g.Name == "ecommerce-gateway");

        Assert.Equal(ResourceAmounts.Unset, gateway.Requests);
        Assert.Equal("not rendered, not counted", gateway.Note);
    }

    [Fact]
    public void All_four_annotations_override_the_defaults_of_that_workloads_pods_only()
    {
        var snapshot = SidecarMesh("sidecar.istio.io/proxyCPU: 500m", "sidecar.istio.io/proxyMemory: 256Mi",
            "sidecar.istio.io/proxyCPULimit: \"1\"", "sidecar.istio.io/proxyMemoryLimit: 512Mi");

        Assert.Equal(new ResourceAmounts(0.5, 256 * Mi), Sidecar(snapshot, "tuned-0").Requests);
        Assert.Equal(new ResourceAmounts(1.0, 512 * Mi), Sidecar(snapshot, "tuned-1").Limits);
        Assert.Equal(new ResourceAmounts(0.1, 128 * Mi), Sidecar(snapshot, "plain-0").Requests);
        Assert.Equal(new ResourceAmounts(2.0, 1024 * Mi), Sidecar(snapshot, "plain-1").Limits);
    }

    [Fact]
    public void One_annotation_replaces_the_whole_default_block_as_Istios_template_does()
    {
        // injection-template.yaml "resources": any proxy* annotation → only the annotated fields are written.
        var tuned = Sidecar(SidecarMesh("sidecar.istio.io/proxyMemory: 256Mi"), "tuned-0");

        Assert.Equal(new ResourceAmounts(null, 256 * Mi), tuned.Requests);
        Assert.Equal(ResourceAmounts.Unset, tuned.Limits);
    }

    [Fact]
    public void A_memory_limit_alone_is_also_the_request_as_Kubernetes_defaults_it()
    {
        var tuned = Sidecar(SidecarMesh("sidecar.istio.io/proxyMemoryLimit: 300Mi"), "tuned-0");

        Assert.Equal(300 * Mi, tuned.Requests.MemoryBytes);
        Assert.Equal(300 * Mi, tuned.Limits.MemoryBytes);
    }

    [Fact]
    public void A_malformed_annotation_names_the_file_the_deployment_and_the_annotation()
    {
        var error = Assert.Throws<ManifestException>(() => SidecarMesh("sidecar.istio.io/proxyMemory: 256MB"));

        Assert.Contains("mesh.yaml:", error.Message);
        Assert.Contains("Deployment ecommerce/tuned", error.Message);
        Assert.Contains("sidecar.istio.io/proxyMemory '256MB' is not a Kubernetes quantity", error.Message);
    }

    [Fact]
    public void An_istio_cni_daemonset_in_the_before_manifests_makes_istio_cni_part_of_the_sidecar_install()
    {
        var manifests = Meshes.Parse(Meshes.Namespace(Meshes.SidecarNamespace), Meshes.Service("plain"), """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: istio-cni-node, namespace: istio-system}
            """);

        var snapshot = ResourceSnapshotBuilder.FromManifests(manifests, MeshMode.Sidecar, new DataplaneSizing { Nodes = 2 });

        Assert.Equal(2, snapshot.OfKind(ComponentKinds.IstioCni).Count());
        Assert.Contains(snapshot.Assumptions, a => a.Contains("DaemonSet istio-system/istio-cni-node", StringComparison.Ordinal));
    }

    [Fact]
    public void Told_the_before_state_ran_istio_cni_the_sidecar_snapshot_counts_it()
    {
        Assert.Equal(3, Snapshots.Sidecar(beforeRanCni: true).OfKind(ComponentKinds.IstioCni).Count());
    }

    [Fact]
    public void Zero_nodes_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Snapshots.Ambient(nodes: 0));

        Assert.Contains("nodes must be at least 1 (got 0)", error.Message);
    }

    private const string RenderedGateway = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ecommerce-gateway-istio, namespace: ecommerce}
        spec:
          replicas: 2
          template:
            metadata:
              labels: {gateway.networking.k8s.io/gateway-name: ecommerce-gateway}
            spec:
              containers:
                - name: istio-proxy
                  resources: {requests: {cpu: 100m, memory: 128Mi}}
        """;

    [Fact]
    public void A_rendered_gateway_deployment_is_counted_as_the_gateway_and_not_as_a_workload()
    {
        var snapshot = ResourceSnapshotBuilder.FromManifests(
            Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, RenderedGateway, Meshes.Service("plain")), MeshMode.Ambient, new DataplaneSizing());

        var gateways = snapshot.OfKind(ComponentKinds.Gateway).ToList();
        Assert.Equal(["ecommerce-gateway-istio-0", "ecommerce-gateway-istio-1"], gateways.Select(g => g.Name));
        Assert.All(gateways, g => Assert.Equal(new ResourceAmounts(0.1, 128 * Mi), g.Requests));
        Assert.DoesNotContain(snapshot.OfKind(ComponentKinds.Workload), w => w.Workload == "ecommerce-gateway-istio");
    }

    private static string Injected(string initContainers) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: injected, namespace: ecommerce}
        spec:
          template:
            metadata:
              annotations: {sidecar.istio.io/status: '{"containers":["istio-proxy"]}'}
            spec:
              {{{initContainers}}}
              containers:
                - name: app
                - name: istio-proxy
                  resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {memory: 256Mi}}
        """;

    [Fact]
    public void An_already_injected_proxy_container_gives_its_own_resources()
    {
        var snapshot = ResourceSnapshotBuilder.FromManifests(
            Meshes.Parse(Meshes.Namespace(Meshes.SidecarNamespace), Injected("initContainers: [{name: istio-init}]")), MeshMode.Sidecar, new DataplaneSizing());

        var sidecar = Assert.Single(snapshot.OfKind(ComponentKinds.Sidecar));
        Assert.Equal(new ResourceAmounts(0.05, 64 * Mi), sidecar.Requests);
        Assert.Equal(new ResourceAmounts(null, 256 * Mi), sidecar.Limits);
        Assert.Empty(snapshot.OfKind(ComponentKinds.IstioCni));
    }

    [Fact]
    public void Injected_pods_without_istio_init_mean_the_sidecar_install_ran_istio_cni()
    {
        var snapshot = ResourceSnapshotBuilder.FromManifests(
            Meshes.Parse(Meshes.Namespace(Meshes.SidecarNamespace), Injected("")), MeshMode.Sidecar, new DataplaneSizing());

        Assert.Equal(3, snapshot.OfKind(ComponentKinds.IstioCni).Count());
        Assert.Contains(snapshot.Assumptions, a => a.Contains("have no istio-init container", StringComparison.Ordinal));
    }
}
