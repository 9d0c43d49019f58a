namespace AmbientVerify.Manifests.Tests;

public class WorkloadsTests
{
    [Fact]
    public void Sample_gives_six_workloads_with_three_replicas_on_port_8080()
    {
        var workloads = Workloads.Resolve(MeshManifests.LoadDirectory(Samples.Ambient));

        Assert.Equal(Samples.ServiceNames, workloads.Select(w => w.ServiceName));
        Assert.All(workloads, w => Assert.Equal(3, w.Replicas));
        Assert.All(workloads, w => Assert.Equal(8080, w.Port));
        Assert.All(workloads, w => Assert.Equal("ecommerce", w.Namespace));
        Assert.All(workloads, w => Assert.Equal(w.ServiceName, w.Deployment?.Ref.Name));
    }

    [Fact]
    public void Service_is_backed_by_the_deployment_whose_pod_labels_match_its_selector()
    {
        var manifests = MeshManifests.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: wrong, namespace: ns}
            spec: {replicas: 7, template: {metadata: {labels: {app: other}}}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: right, namespace: ns}
            spec: {replicas: 2, template: {metadata: {labels: {app: api, tier: web}}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: ns}
            spec: {selector: {app: api}, ports: [{port: 9090}, {port: 9091}]}
            """);

        var workload = Assert.Single(Workloads.Resolve(manifests));

        Assert.Equal("right", workload.Deployment?.Ref.Name);
        Assert.Equal(2, workload.Replicas);
        Assert.Equal(9090, workload.Port);
    }

    [Fact]
    public void Deployment_in_another_namespace_does_not_back_the_service()
    {
        var manifests = MeshManifests.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: elsewhere}
            spec: {replicas: 4, template: {metadata: {labels: {app: api}}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: ns}
            spec: {selector: {app: api}, ports: [{port: 80}]}
            """);

        var workload = Assert.Single(Workloads.Resolve(manifests));

        Assert.Null(workload.Deployment);
        Assert.Equal(1, workload.Replicas);
    }

    [Fact]
    public void Service_without_selector_has_no_deployment_and_one_replica()
    {
        var manifests = MeshManifests.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec: {replicas: 4, template: {metadata: {labels: {app: api}}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api}
            spec: {ports: [{port: 80}]}
            """);

        var workload = Assert.Single(Workloads.Resolve(manifests));

        Assert.Null(workload.Deployment);
        Assert.Equal(1, workload.Replicas);
    }

    [Fact]
    public void Workloads_are_sorted_by_service_name()
    {
        var manifests = MeshManifests.Parse("""
            apiVersion: v1
            kind: Service
            metadata: {name: zed}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: abe}
            spec: {ports: [{port: 80}]}
            """);

        Assert.Equal(["abe", "zed"], Workloads.Resolve(manifests).Select(w => w.ServiceName));
    }
}
