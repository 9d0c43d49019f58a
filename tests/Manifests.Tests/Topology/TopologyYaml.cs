using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.Manifests.Tests.Topology;

/// <summary>Small manifest sets for topology tests: a namespace, a Deployment "api" and its Service.</summary>
internal static class TopologyYaml
{
    public const string AmbientNamespace = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
        """;

    public const string SidecarNamespace = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {istio-injection: enabled}}
        """;

    public const string PlainNamespace = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        """;

    /// <param name="labels">Pod template labels besides app: api, flow style, e.g. "istio.io/dataplane-mode: none".</param>
    /// <param name="annotations">Pod template annotations, flow style, e.g. "sidecar.istio.io/inject: \"true\"".</param>
    public static string Deployment(string labels = "", string annotations = "", int replicas = 1, string serviceAccount = "api-sa") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          replicas: {{replicas}}
          template:
            metadata: {labels: {app: api{{(labels.Length == 0 ? "" : ", " + labels)}} }, annotations: { {{annotations}} } }
            spec: {serviceAccountName: {{serviceAccount}}, containers: [{name: app, ports: [{containerPort: 8080}]}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec: {selector: {app: api}, ports: [{port: 8080}]}
        """;

    public static MeshTopology MeshOf(params string[] documents) =>
        MeshTopology.From(MeshManifests.Parse(string.Join("\n---\n", documents), "test.yaml"));

    public static WorkloadTopology Api(params string[] documents) =>
        Assert.Single(MeshOf(documents).Workloads, w => w.Name == "api");
}
