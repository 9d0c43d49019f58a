using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;
using AmbientVerify.Probes.Checks;
using AmbientVerify.Probes.Inspection;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>Small hand-written meshes: one namespace, a gateway, and one routed service per call of <see cref="Service"/>.</summary>
internal static class Meshes
{
    public const string GatewayIdentity = "spiffe://cluster.local/ns/ecommerce/sa/ecommerce-gateway-istio";

    public const string AmbientNamespace = "istio.io/dataplane-mode: ambient";
    public const string SidecarNamespace = "istio-injection: enabled";

    public static string Namespace(string? label = AmbientNamespace) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ecommerce
          labels:
            app.kubernetes.io/part-of: ecommerce
            {label ?? "team: shop"}
        """;

    /// <summary>Gateway ecommerce-gateway (class istio), so the gateway identity is <see cref="GatewayIdentity"/>.</summary>
    public const string Gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: ecommerce-gateway
          namespace: ecommerce
        spec:
          gatewayClassName: istio
          listeners:
            - name: http
              port: 80
              protocol: HTTP
        """;

    /// <summary>Deployment + Service + HTTPRoute for <paramref name="name"/>; <paramref name="podAnnotation"/> is one "key: value" line.</summary>
    /// <param name="requestTimeout">The route rule's timeouts.request ("800ms"); null: none.</param>
    public static string Service(string name, int replicas = 2, string? podAnnotation = null, string? podLabel = null, string? requestTimeout = null) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: ecommerce
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
                {podLabel ?? "version: v1"}
              annotations:
                {podAnnotation ?? "prometheus.io/scrape: \"true\""}
            spec:
              serviceAccountName: {name}
              containers:
                - name: {name}
                  image: registry.example.com/{name}:1
                  ports:
                    - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          namespace: ecommerce
        spec:
          selector:
            app: {name}
          ports:
            - port: 8080
              targetPort: 8080
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: {name}-route
          namespace: ecommerce
        spec:
          parentRefs:
            - name: ecommerce-gateway
          rules:
            - matches:
                - path:
                    type: PathPrefix
                    value: /api/{name}
              backendRefs:
                - name: {name}
                  port: 8080
              {(requestTimeout is null ? "" : $"timeouts: {{request: {requestTimeout}}}")}
        """;

    public static string PeerAuthentication(string mode, string name = "default") => $"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: {name}
          namespace: ecommerce
        spec:
          mtls:
            mode: {mode}
        """;

    public static string DestinationRule(string name, string tlsMode) => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {name}
          namespace: ecommerce
        spec:
          host: {name}.ecommerce.svc.cluster.local
          trafficPolicy:
            tls:
              mode: {tlsMode}
        """;

    public static MeshManifests Parse(params string[] documents) =>
        MeshManifests.Parse(string.Join("\n---\n", documents), "mesh.yaml");

    /// <summary>The inspector and the routed services of a mesh, as a run builds them.</summary>
    public static async Task<(LocalMeshInspector Inspector, IReadOnlyList<RoutedService> Routed)> InspectAsync(
        MeshManifests manifests, HttpClient http, params Uri[] admin)
    {
        var inspector = new LocalMeshInspector(manifests, MeshTopology.From(manifests), new DataplaneAdminOptions { Endpoints = admin }, http, TimeProvider.System);
        var routing = GatewayRoutes.Resolve(manifests, GatewayRoutes.SelectMainGateway(manifests), GatewayRoutes.Versions(manifests));
        return (inspector, await RoutedWorkloads.ResolveAsync(routing.Routes, inspector, TestContext.Current.CancellationToken));
    }
}
