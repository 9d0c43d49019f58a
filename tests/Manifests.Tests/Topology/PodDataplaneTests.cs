using AmbientVerify.Manifests.Topology;
using static AmbientVerify.Manifests.Tests.Topology.TopologyYaml;

namespace AmbientVerify.Manifests.Tests.Topology;

public class PodDataplaneTests
{
    [Fact]
    public void Ambient_namespace_has_its_pods_captured_by_ztunnel_without_a_proxy()
    {
        var pod = Assert.Single(Api(AmbientNamespace, Deployment()).Pods);

        Assert.Equal(PodDataplane.Ztunnel, pod.Dataplane);
        Assert.Equal("enabled", pod.Annotations["ambient.istio.io/redirection"]);
        Assert.DoesNotContain("istio-proxy", pod.Containers);
        Assert.False(pod.Annotations.ContainsKey("sidecar.istio.io/status"));
        Assert.Contains("namespace shop is labelled istio.io/dataplane-mode=ambient", pod.Reason);
    }

    [Fact]
    public void Inject_true_annotation_in_ambient_namespace_gets_a_sidecar_and_is_not_captured()
    {
        var pod = Assert.Single(Api(AmbientNamespace, Deployment(annotations: "sidecar.istio.io/inject: \"true\"")).Pods);

        Assert.Equal(PodDataplane.Sidecar, pod.Dataplane);
        Assert.Contains("istio-proxy", pod.Containers);
        Assert.False(pod.Annotations.ContainsKey("ambient.istio.io/redirection"));
        Assert.Contains("sidecar.istio.io/inject=true: injected, so ztunnel does not capture it", pod.Reason);
    }

    [Fact]
    public void Pod_label_dataplane_mode_none_bypasses_ztunnel_in_ambient_namespace()
    {
        var pod = Assert.Single(Api(AmbientNamespace, Deployment(labels: "istio.io/dataplane-mode: none")).Pods);

        Assert.Equal(PodDataplane.None, pod.Dataplane);
        Assert.False(pod.Annotations.ContainsKey("ambient.istio.io/redirection"));
        Assert.DoesNotContain("istio-proxy", pod.Containers);
        Assert.Contains("istio.io/dataplane-mode=none", pod.Reason);
    }

    [Fact]
    public void Sidecar_namespace_injects_istio_proxy_and_sidecar_status()
    {
        var pod = Assert.Single(Api(SidecarNamespace, Deployment()).Pods);

        Assert.Equal(PodDataplane.Sidecar, pod.Dataplane);
        Assert.Equal(["app", "istio-proxy"], pod.Containers);
        Assert.Contains("\"istio-proxy\"", pod.Annotations["sidecar.istio.io/status"]);
        Assert.False(pod.Annotations.ContainsKey("ambient.istio.io/redirection"));
        Assert.Contains("istio-injection=enabled", pod.Reason);
    }

    [Fact]
    public void Inject_false_opts_out_of_the_sidecar_namespace()
    {
        var pod = Assert.Single(Api(SidecarNamespace, Deployment(annotations: "sidecar.istio.io/inject: \"false\"")).Pods);

        Assert.Equal(PodDataplane.None, pod.Dataplane);
        Assert.Equal(["app"], pod.Containers);
        Assert.False(pod.Annotations.ContainsKey("sidecar.istio.io/status"));
        Assert.Contains("sidecar.istio.io/inject=false opts out", pod.Reason);
    }

    [Fact]
    public void Inject_false_in_a_namespace_with_both_labels_leaves_the_pod_to_ztunnel()
    {
        const string bothLabels = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {istio-injection: enabled, istio.io/dataplane-mode: ambient}}
            """;

        var topology = MeshOf(bothLabels, Deployment(annotations: "sidecar.istio.io/inject: \"false\""));

        Assert.Equal(DataplaneMode.Sidecar, Assert.Single(topology.Namespaces).Mode);
        Assert.Equal(PodDataplane.Ztunnel, Assert.Single(topology.Pods).Dataplane);
    }

    [Fact]
    public void Namespace_without_labels_leaves_pods_outside_the_mesh()
    {
        var topology = MeshOf(PlainNamespace, Deployment());

        Assert.Equal(DataplaneMode.None, Assert.Single(topology.Namespaces).Mode);
        var pod = Assert.Single(topology.Pods);
        Assert.Equal(PodDataplane.None, pod.Dataplane);
        Assert.Contains("neither istio.io/dataplane-mode=ambient nor istio-injection=enabled", pod.Reason);
    }

    [Fact]
    public void Inject_true_without_a_namespace_label_is_not_modelled_and_says_so()
    {
        var pod = Assert.Single(Api(PlainNamespace, Deployment(labels: "sidecar.istio.io/inject: \"true\"")).Pods);

        Assert.Equal(PodDataplane.None, pod.Dataplane);
        Assert.Contains("pod template label sidecar.istio.io/inject=true", pod.Reason);
        Assert.Contains("not modelled", pod.Reason);
    }

    [Fact]
    public void Pod_label_ambient_enrols_a_pod_of_an_unlabelled_namespace()
    {
        var pod = Assert.Single(Api(PlainNamespace, Deployment(labels: "istio.io/dataplane-mode: ambient")).Pods);

        Assert.Equal(PodDataplane.Ztunnel, pod.Dataplane);
        Assert.Equal("enabled", pod.Annotations["ambient.istio.io/redirection"]);
    }

    [Fact]
    public void Undeclared_namespace_of_a_deployment_is_listed_with_mode_none()
    {
        var topology = MeshOf(Deployment());

        var ns = Assert.Single(topology.Namespaces);
        Assert.Equal("shop", ns.Name);
        Assert.False(ns.Declared);
        Assert.Equal(DataplaneMode.None, ns.Mode);
    }
}
