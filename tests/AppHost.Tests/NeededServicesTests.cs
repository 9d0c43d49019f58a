using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AmbientVerify.AppHost.Tests;

/// <summary>A Service nothing routes to starts nothing: no stand-in listener, no sidecar processes for its pods.</summary>
public sealed class NeededServicesTests
{
    [Fact]
    public async Task An_unrouted_service_with_sidecar_pods_gets_no_endpoint_and_no_sidecar()
    {
        var manifests = BrokenManifests.CopyOfSample("sidecar");
        File.WriteAllText(Path.Combine(manifests, "99-unrouted.yaml"), """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: batch-worker
              namespace: ecommerce
            spec:
              replicas: 2
              selector:
                matchLabels: {app: batch-worker}
              template:
                metadata:
                  labels: {app: batch-worker}
                spec:
                  serviceAccountName: batch-worker
                  containers:
                    - name: app
                      image: registry.example.com/batch-worker:1.0
                      ports: [{containerPort: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: batch-worker
              namespace: ecommerce
            spec:
              selector: {app: batch-worker}
              ports: [{name: http, port: 8080, targetPort: 8080}]
            """);

        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--gate", "--manifests", manifests, "--output", ScratchDirectory.NewPath("ambientverify-unrouted")], TestContext.Current.CancellationToken);

        var standIns = builder.Resources.Single(r => r.Name == StandInResources.ResourceName);
        Assert.DoesNotContain(standIns.Annotations.OfType<EndpointAnnotation>(), e => e.Name.Contains("batch-worker", StringComparison.Ordinal));
        Assert.DoesNotContain(builder.Resources, r => r.Name.StartsWith("batch-worker", StringComparison.Ordinal));
        // The routed Services keep theirs: the check can fail by removing too much as well.
        Assert.Contains(builder.Resources, r => r.Name == "order-service-sidecar-0");
    }
}
