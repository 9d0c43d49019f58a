using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.Manifests.Tests.Topology;

public class SampleTopologyTests
{
    [Fact]
    public void Sidecar_sample_runs_every_pod_with_a_sidecar()
    {
        var topology = MeshTopology.From(MeshManifests.LoadDirectory(Samples.Sidecar));

        Assert.Equal(DataplaneMode.Sidecar, topology.Namespace("ecommerce")?.Mode);
        Assert.Equal(Samples.ServiceNames, topology.Workloads.Select(w => w.Name));
        Assert.Equal(18, topology.Pods.Count());
        Assert.All(topology.Pods, pod => Assert.Equal(PodDataplane.Sidecar, pod.Dataplane));
        Assert.All(topology.Pods, pod => Assert.Contains("istio-proxy", pod.Containers));
    }

    [Theory]
    [InlineData("ambient")]
    [InlineData("ambient-as-planned")]
    public void Ambient_samples_have_every_pod_captured_by_ztunnel(string sample)
    {
        var topology = MeshTopology.From(MeshManifests.LoadDirectory(Path.Combine(AmbientVerify.TestSupport.Repository.Root, "samples", "ecommerce", sample)));

        Assert.Equal(DataplaneMode.Ambient, topology.Namespace("ecommerce")?.Mode);
        Assert.Equal(Samples.ServiceNames, topology.Workloads.Select(w => w.Name));
        Assert.Equal(18, topology.Pods.Count());
        Assert.All(topology.Pods, pod => Assert.Equal(PodDataplane.Ztunnel, pod.Dataplane));
        Assert.All(topology.Pods, pod => Assert.DoesNotContain("istio-proxy", pod.Containers));
    }

    [Theory]
    [InlineData("sidecar")]
    [InlineData("ambient")]
    [InlineData("ambient-as-planned")]
    public void Samples_are_strict_from_the_namespace_peer_authentication(string sample)
    {
        var topology = MeshTopology.From(MeshManifests.LoadDirectory(Path.Combine(AmbientVerify.TestSupport.Repository.Root, "samples", "ecommerce", sample)));

        Assert.All(topology.Workloads, w => Assert.Equal("STRICT", w.PeerAuthenticationMode));
        Assert.All(topology.Workloads, w =>
            Assert.StartsWith("PeerAuthentication ecommerce/default (02-peer-authentication.yaml:", w.PeerAuthenticationSource));
    }

    [Fact]
    public void Ambient_sample_identities_are_the_services_accounts()
    {
        var topology = MeshTopology.From(MeshManifests.LoadDirectory(Samples.Ambient));

        Assert.Equal("spiffe://cluster.local/ns/ecommerce/sa/order-service", topology.ForService("order-service")?.Identity.ToString());
    }
}
