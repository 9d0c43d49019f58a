using AmbientVerify.Manifests.Model;
using AmbientVerify.TestSupport;

namespace AmbientVerify.Manifests.Tests.Reading;

/// <summary>Container resources and init containers are read from a Deployment's pod template; bad quantities name file, line and field.</summary>
public class ContainerResourcesReaderTests
{
    private static string Deployment(string resources, string initContainers = "") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: shop, namespace: ecommerce}
        spec:
          template:
            spec:
        {{initContainers}}
              containers:
                - name: shop
                  image: shop:1
        {{resources}}
        """;

    [Fact]
    public void Requests_and_limits_are_read_in_cores_and_bytes()
    {
        var manifests = MeshManifests.Parse(Deployment("""
                      resources:
                        requests: {cpu: 250m, memory: 512Mi}
                        limits: {cpu: "1", memory: 1Gi}
            """));

        var resources = manifests.Deployments.Single().Containers.Single().Resources;

        Assert.Equal(new ResourceAmounts(0.25, 512L * 1024 * 1024), resources.Requests);
        Assert.Equal(new ResourceAmounts(1.0, 1024L * 1024 * 1024), resources.Limits);
    }

    [Fact]
    public void A_container_without_resources_has_them_unset_not_zero()
    {
        var resources = MeshManifests.Parse(Deployment("")).Deployments.Single().Containers.Single().Resources;

        Assert.Null(resources.Requests.CpuCores);
        Assert.Null(resources.Requests.MemoryBytes);
        Assert.Equal(ResourceAmounts.Unset, resources.Limits);
    }

    [Fact]
    public void A_limit_without_a_request_is_the_request_Kubernetes_schedules_by()
    {
        var resources = MeshManifests.Parse(Deployment("""
                      resources:
                        limits: {memory: 1Gi}
            """)).Deployments.Single().Containers.Single().Resources;

        Assert.Null(resources.Requests.MemoryBytes);
        Assert.Equal(1024L * 1024 * 1024, resources.EffectiveRequests.MemoryBytes);
        Assert.Null(resources.EffectiveRequests.CpuCores);
    }

    [Theory]
    [InlineData("requests: {cpu: 250 m}", "resources.requests.cpu '250 m'", "expected a CPU quantity")]
    [InlineData("limits: {memory: 1GB}", "resources.limits.memory '1GB'", "expected a memory quantity")]
    [InlineData("requests: {memory: -5Mi}", "resources.requests.memory '-5Mi'", "expected a memory quantity")]
    public void A_malformed_quantity_names_file_line_object_and_field(string amounts, string field, string expected)
    {
        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse(Deployment($"""
                      resources:
                        {amounts}
            """), "shop.yaml"));

        Assert.StartsWith("shop.yaml:", error.Message);
        Assert.Contains("Deployment ecommerce/shop", error.Message);
        Assert.Contains($"containers[0].{field} is not a Kubernetes quantity", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Init_container_names_are_read()
    {
        var manifests = MeshManifests.Parse(Deployment("", """
                  initContainers:
                    - name: istio-init
                      image: proxyv2
            """));

        Assert.Equal(["istio-init"], manifests.Deployments.Single().InitContainerNames);
    }

    [Fact]
    public void The_sidecar_sample_states_every_workload_container_request()
    {
        var manifests = MeshManifests.LoadDirectory(Repository.Sample("sidecar"));

        Assert.All(manifests.Deployments.SelectMany(d => d.Containers), c =>
        {
            Assert.NotNull(c.Resources.Requests.CpuCores);
            Assert.NotNull(c.Resources.Requests.MemoryBytes);
        });
    }
}
