using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Topology;
using static AmbientVerify.Manifests.Tests.Topology.TopologyYaml;

namespace AmbientVerify.Manifests.Tests.Topology;

public class WorkloadShapeTests
{
    [Fact]
    public void Replicas_become_pods_named_deployment_dash_index()
    {
        var workload = Api(AmbientNamespace, Deployment(replicas: 3));

        Assert.Equal(3, workload.Replicas);
        Assert.Equal(["api-0", "api-1", "api-2"], workload.Pods.Select(p => p.Name));
        Assert.Equal("api-2.shop", workload.Pods[2].QualifiedName);
    }

    [Fact]
    public void Identity_comes_from_the_service_account_name()
    {
        var workload = Api(AmbientNamespace, Deployment(serviceAccount: "payments"));

        Assert.Equal("spiffe://cluster.local/ns/shop/sa/payments", workload.Identity.ToString());
        Assert.All(workload.Pods, pod => Assert.Equal("spiffe://cluster.local/ns/shop/sa/payments", pod.Identity.ToString()));
    }

    [Fact]
    public void Identity_uses_the_given_trust_domain()
    {
        var topology = MeshTopology.From(MeshManifests.Parse(AmbientNamespace + "\n---\n" + Deployment()), "example.org");

        Assert.Equal("spiffe://example.org/ns/shop/sa/api-sa", Assert.Single(topology.Workloads).Identity.ToString());
    }

    [Fact]
    public void Workload_carries_its_service_and_port()
    {
        var workload = Api(AmbientNamespace, Deployment());

        Assert.Equal("api", workload.ServiceName);
        Assert.Equal(8080, workload.Port);
    }

    [Fact]
    public void For_service_finds_the_workload_behind_a_service_host()
    {
        var topology = MeshOf(AmbientNamespace, Deployment());

        Assert.Equal("api", topology.ForService("api")?.Name);
        Assert.Equal("api", topology.ForService("api.shop.svc.cluster.local")?.Name);
        Assert.Null(topology.ForService("api", "elsewhere"));
        Assert.Null(topology.ForService("missing"));
    }
}
