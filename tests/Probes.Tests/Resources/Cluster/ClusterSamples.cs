using System.Globalization;
using System.Text;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Resources.Cluster;

/// <summary>
/// The platform as a live cluster serves it (the migration plan's shape: 6 services × 3 replicas on 3 nodes), before
/// (sidecars injected with Istio's default resources) and after (ambient: ztunnel and istio-cni per node), seeded into
/// a <see cref="FakeApiServer"/> as the API server's objects, with PodMetrics for the metrics-server.
/// </summary>
public static class ClusterSamples
{
    public const string Namespace = "ecommerce";
    public const int Nodes = 3;
    public static readonly string[] Services = ["customer-service", "order-service", "payment-service", "product-service", "store-service", "saga-tracker"];
    public const int Replicas = 3;

    /// <summary>Pod names of one service: customer-service-7d9f8-0 …</summary>
    public static IEnumerable<string> Pods(string service) => Enumerable.Range(0, Replicas).Select(i => $"{service}-7d9f8-{i.ToString(CultureInfo.InvariantCulture)}");

    public static IEnumerable<string> AllPods() => Services.SelectMany(Pods);

    public static string Node(int i) => $"node-{i.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The before-state: injection label, an istio-proxy (requests 100m/128Mi, limits 2/1Gi) in every pod, no ztunnel, no istio-cni.</summary>
    public static void SeedSidecar(FakeApiServer api, bool podMetrics = true)
    {
        api.AddNamespace(Namespace, new Dictionary<string, string> { ["istio-injection"] = "enabled" });
        SeedCommon(api);
        foreach (var (pod, i) in AllPods().Select((p, i) => (p, i)))
        {
            api.AddYaml(Pod(pod, i, sidecar: true));
            if (podMetrics)
            {
                api.AddYaml(PodMetrics(Namespace, pod, ("app", "20m", "100Mi"), ("istio-proxy", "200m", "60Mi")));
            }
        }
    }

    /// <summary>The after-state: ambient label, no sidecars, ztunnel (200m/512Mi) and istio-cni (100m/100Mi) on each node.</summary>
    public static void SeedAmbient(FakeApiServer api, bool podMetrics = true)
    {
        api.AddNamespace(Namespace, new Dictionary<string, string> { ["istio.io/dataplane-mode"] = "ambient" });
        SeedCommon(api);
        foreach (var (pod, i) in AllPods().Select((p, i) => (p, i)))
        {
            api.AddYaml(Pod(pod, i, sidecar: false));
            if (podMetrics)
            {
                api.AddYaml(PodMetrics(Namespace, pod, ("app", "20m", "100Mi")));
            }
        }

        for (var n = 0; n < Nodes; n++)
        {
            api.AddYaml(NodePod($"ztunnel-{n}", "app: ztunnel", "istio-proxy", "200m", "512Mi", n));
            api.AddYaml(NodePod($"istio-cni-node-{n}", "k8s-app: istio-cni-node", "install-cni", "100m", "100Mi", n));
            if (podMetrics)
            {
                api.AddYaml(PodMetrics("istio-system", $"ztunnel-{n}", ("istio-proxy", "60m", "12Mi")));
                api.AddYaml(PodMetrics("istio-system", $"istio-cni-node-{n}", ("install-cni", "1m", "30Mi")));
            }
        }
    }

    private static void SeedCommon(FakeApiServer api)
    {
        api.AddNamespace("istio-system", new Dictionary<string, string>());
        for (var n = 0; n < Nodes; n++)
        {
            api.AddYaml($"apiVersion: v1\nkind: Node\nmetadata: {{name: {Node(n)}}}\n");
        }

        // The ingress gateway Istio deploys for Gateway ecommerce-gateway: its container is istio-proxy too, and it is not a sidecar.
        api.AddYaml($"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: ecommerce-gateway-istio-5c6d-0
              namespace: {Namespace}
              labels: {"{"}gateway.networking.k8s.io/gateway-name: ecommerce-gateway{"}"}
            spec:
              nodeName: {Node(0)}
              containers:
                - name: istio-proxy
                  image: istio/proxyv2:1.28.0
                  resources: {"{"}requests: {"{"}cpu: 100m, memory: 128Mi{"}"}, limits: {"{"}cpu: "2", memory: 1Gi{"}"}{"}"}
            status: {"{"}phase: Running{"}"}
            """);
        // A finished pod holds nothing.
        api.AddYaml($"apiVersion: v1\nkind: Pod\nmetadata: {{name: db-migrate-x1, namespace: {Namespace}}}\nspec:\n  containers: [{{name: migrate, image: m, resources: {{requests: {{cpu: '1', memory: 1Gi}}}}}}]\nstatus: {{phase: Succeeded}}\n");
    }

    private static string Pod(string name, int i, bool sidecar)
    {
        var service = name[..name.IndexOf("-7d9f8", StringComparison.Ordinal)];
        var text = new StringBuilder($"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {name}
              namespace: {Namespace}
              labels: {"{"}app: {service}{"}"}
            spec:
              nodeName: {Node(i % Nodes)}
              containers:
                - name: app
                  image: shop/{service}:1.0
                  resources: {"{"}requests: {"{"}cpu: 250m, memory: 256Mi{"}"}, limits: {"{"}memory: 512Mi{"}"}{"}"}

            """);
        if (sidecar)
        {
            text.Append("""
                    - name: istio-proxy
                      image: istio/proxyv2:1.28.0
                      resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: "2", memory: 1Gi}}

                """);
        }

        text.Append("status: {phase: Running}\n");
        return text.ToString();
    }

    private static string NodePod(string name, string label, string container, string cpu, string memory, int node) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: istio-system
          labels: {"{"}{label}{"}"}
        spec:
          nodeName: {Node(node)}
          containers:
            - name: {container}
              image: istio/{container}:1.28.0
              resources: {"{"}requests: {"{"}cpu: {cpu}, memory: {memory}{"}"}{"}"}
        status: {"{"}phase: Running{"}"}
        """;

    /// <summary>A metrics.k8s.io PodMetrics as the metrics-server serves it.</summary>
    public static string PodMetrics(string ns, string pod, params (string Container, string Cpu, string Memory)[] containers) =>
        $"apiVersion: metrics.k8s.io/v1beta1\nkind: PodMetrics\nmetadata: {{name: {pod}, namespace: {ns}}}\ntimestamp: \"2026-12-02T08:00:00Z\"\nwindow: 30s\ncontainers:\n"
        + string.Concat(containers.Select(c => $"  - name: {c.Container}\n    usage: {{cpu: {c.Cpu}, memory: {c.Memory}}}\n"));
}
