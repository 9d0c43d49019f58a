using System.Text.Json.Nodes;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Cluster.Reading;

/// <summary>Reading a seeded cluster over HTTP through KubernetesClient: the same routes as the files, missing CRDs answered, the harness's objects kept apart.</summary>
public sealed class LiveClusterReaderTests
{
    [Theory]
    [InlineData("ambient")]
    [InlineData("sidecar")]
    [InlineData("ambient-as-planned")]
    public async Task Live_objects_resolve_to_the_same_routes_and_policies_as_the_manifest_files(string sample)
    {
        var (api, cluster) = await SeededReading.SeedAndReadAsync(sample);
        await using var _ = api;
        var files = MeshManifests.LoadDirectory(Repository.Sample(sample));

        Assert.Equal(Describe(files), Describe(cluster.Manifests));
    }

    private static IReadOnlyList<string> Describe(MeshManifests manifests)
    {
        var versions = new MeshVersions(IstioVersion.Parse("1.26"), GatewayApiChannel.Experimental);
        var gateway = GatewayRoutes.SelectMainGateway(manifests);
        var routing = GatewayRoutes.Resolve(manifests, gateway, versions);
        Assert.NotEmpty(routing.Routes);
        return [.. routing.Routes.Select(r =>
            $"{r.Id} {r.Name} [{string.Join(",", r.Domains)}] {string.Join(",", r.Backends)} " +
            $"timeouts={r.HttpRouteRule?.Timeouts?.Request}/{r.HttpRouteRule?.Timeouts?.BackendRequest} " +
            $"retry={r.HttpRouteRule?.Retry?.Attempts}:{string.Join("|", r.HttpRouteRule?.Retry?.Codes ?? [])} " +
            $"vs={r.VirtualServiceRoute?.Timeout}/{r.VirtualServiceRoute?.Retries?.Attempts}/{r.VirtualServiceRoute?.Retries?.RetryOn}"),
            WithoutSources($"gateway {gateway.Describe()}"),
            // Findings come in the order the objects were read (files by path, the cluster by kind): the same set is what counts.
            .. routing.Findings.Select(f => WithoutSources(f.ToString() ?? "")).Order(StringComparer.Ordinal)];
    }

    /// <summary>Where an object was read differs by design ("05-httproute.yaml:12" or "cluster:httproute/ecommerce/x:3"); what it says must not.</summary>
    private static string WithoutSources(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(cluster:[\w./-]+|[\w./-]+\.yaml):\d+", "<source>");

    [Fact]
    public async Task Each_live_object_is_named_by_kind_namespace_and_name_in_manifest_sources()
    {
        var (api, cluster) = await SeededReading.SeedAndReadAsync("ambient");
        await using var _ = api;

        var route = cluster.Manifests.HttpRoutes.First(r => r.Ref.Name == "customer-service-route");

        Assert.StartsWith("cluster:httproute/ecommerce/customer-service-route:", route.Ref.Source);
    }

    [Fact]
    public async Task Server_set_fields_are_stripped_before_the_manifest_reader_sees_them()
    {
        var (api, cluster) = await SeededReading.SeedAndReadAsync("ambient");
        await using var _ = api;

        var json = cluster.Find("gateway.networking.k8s.io", "HTTPRoute", "ecommerce", "customer-service-route")!.Json;

        Assert.Null(json["status"]);
        Assert.Null(json["metadata"]!["resourceVersion"]);
        Assert.Null(json["metadata"]!["uid"]);
        Assert.Null(json["metadata"]!["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal("HTTPRoute", json["kind"]!.GetValue<string>());
        Assert.NotNull(json["spec"]!["rules"]![0]!["retry"]);
    }

    [Fact]
    public async Task A_missing_crd_group_is_recorded_and_the_reading_goes_on()
    {
        var (api, cluster) = await SeededReading.SeedAndReadAsync("ambient", new SeededClusterOptions { MissingGroups = ["networking.istio.io"] });
        await using var _ = api;

        var missing = Assert.Single(cluster.MissingApis);
        Assert.Equal("networking.istio.io", missing.Group);
        Assert.StartsWith("networking.istio.io is not served (CRD not installed)", missing.Words);
        Assert.NotEmpty(cluster.Manifests.HttpRoutes);
        Assert.Empty(cluster.Manifests.VirtualServices);
    }

    [Fact]
    public async Task A_namespace_that_does_not_exist_is_named()
    {
        var (api, _) = await SeededReading.SeedAndReadAsync("ambient");
        await using var __ = api;

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => SeededReading.ReadAsync(api, "shop"));

        Assert.StartsWith("namespace shop not found: ", error.Message);
        Assert.Contains("--namespace", error.Message);
    }

    [Fact]
    public async Task A_forbidden_list_names_the_verb_and_resource_to_grant()
    {
        await using var api = await SeededCluster.StartAsync(Repository.Sample("ambient"));
        api.Forbid("list", "gateway.networking.k8s.io", "httproutes");

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => SeededReading.ReadAsync(api));

        Assert.Contains("may not list httproutes.gateway.networking.k8s.io (403 Forbidden)", error.Message);
    }

    [Fact]
    public async Task The_harness_objects_are_kept_out_of_the_audit_view_but_can_be_found()
    {
        await using var api = await SeededCluster.StartAsync(Repository.Sample("ambient"));
        var twin = api.Get("gateway.networking.k8s.io", "httproutes", "ecommerce", "customer-service-route")!.DeepClone().AsObject();
        twin["metadata"] = new JsonObject
        {
            ["name"] = "ambientverify-twin-customer",
            ["namespace"] = "ecommerce",
            ["labels"] = new JsonObject { [LiveObjectJson.ManagedByLabel] = LiveObjectJson.ManagedByValue },
        };
        api.Add(twin);

        var cluster = await SeededReading.ReadAsync(api);

        Assert.DoesNotContain(cluster.Manifests.HttpRoutes, r => r.Ref.Name == "ambientverify-twin-customer");
        Assert.Contains(cluster.ManifestsIncludingHarnessObjects().HttpRoutes, r => r.Ref.Name == "ambientverify-twin-customer");
        Assert.True(cluster.Find("gateway.networking.k8s.io", "HTTPRoute", "ecommerce", "ambientverify-twin-customer")!.IsHarnessObject);
    }

    [Fact]
    public async Task Pods_daemonsets_nodes_version_crds_and_route_status_are_read()
    {
        var (api, cluster) = await SeededReading.SeedAndReadAsync("ambient");
        await using var _ = api;

        Assert.Equal(["node-1", "node-2", "node-3"], cluster.Nodes);
        Assert.Equal("1.26.2", cluster.IstioVersion.Text);
        Assert.Contains("docker.io/istio/pilot:1.26.2", cluster.IstioVersion.Source);
        Assert.Equal(3, cluster.Ztunnel!.Pods.Count);
        Assert.Equal(3, cluster.IstioCni!.Ready);
        Assert.All(cluster.Pods, p => Assert.Equal("enabled", p.Annotations["ambient.istio.io/redirection"]));
        Assert.All(cluster.Pods, p => Assert.True(p.Ready));
        Assert.Equal(("experimental", "v1.3.0", true), (cluster.GatewayApiCrds.Channel, cluster.GatewayApiCrds.BundleVersion, cluster.GatewayApiCrds.SchemaHasRetry));
        var status = cluster.HttpRouteStatuses.First(s => s.Name == "customer-service-route");
        Assert.True(status.Parents[0].Condition("Accepted")!.IsTrue);
        Assert.Contains(cluster.NotEmulated, o => o.Key.Kind == "EnvoyFilter");
    }

    [Fact]
    public async Task Sidecar_sample_pods_carry_the_proxy_and_no_ztunnel_runs()
    {
        var (api, cluster) = await SeededReading.SeedAndReadAsync("sidecar");
        await using var _ = api;

        Assert.All(cluster.Pods, p => Assert.Contains(p.Containers, c => c.Name == "istio-proxy"));
        Assert.All(cluster.Pods, p => Assert.Contains("istio-init", p.InitContainers));
        Assert.Null(cluster.Ztunnel);
    }

    [Theory]
    [InlineData("docker.io/istio/pilot:1.26.2", "1.26.2")]
    [InlineData("docker.io/istio/pilot:1.24.3-distroless", "1.24.3")]
    [InlineData("gcr.io/istio-release/pilot:1.25.0-rc.1", "1.25.0")]
    [InlineData("registry:5000/istio/pilot:1.27.1", "1.27.1")]
    [InlineData("docker.io/istio/pilot:latest", null)]
    [InlineData("docker.io/istio/pilot@sha256:abc", null)]
    [InlineData("registry:5000/istio/pilot", null)]
    public void The_istio_version_is_the_image_tag(string image, string? version) =>
        Assert.Equal(version, IstioImages.VersionOf(image));
}
