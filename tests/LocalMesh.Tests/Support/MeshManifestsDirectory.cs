namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>
/// A temporary directory of rendered manifests: namespace "ecommerce" with the given labels, Gateway
/// ecommerce-gateway (identity .../sa/ecommerce-gateway-istio), HTTPRoute on /api/customers retrying 500-504,
/// Deployment + Service customer-service (service account customer-service) and a namespace PeerAuthentication.
/// </summary>
public sealed class MeshManifestsDirectory : IDisposable
{
    public const string Namespace = "ecommerce";
    public const string GatewayPrincipal = "spiffe://cluster.local/ns/ecommerce/sa/ecommerce-gateway-istio";
    public const string CustomerPrincipal = "spiffe://cluster.local/ns/ecommerce/sa/customer-service";
    public const string Ambient = "istio.io/dataplane-mode: ambient";
    public const string Injection = "istio-injection: enabled";

    private MeshManifestsDirectory(string path) => Path = path;

    public string Path { get; }

    public static MeshManifestsDirectory Create(string namespaceLabel, string peerAuthentication = "STRICT", int replicas = 2)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ambientverify-manifests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(System.IO.Path.Combine(directory, "mesh.yaml"), $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ecommerce
              labels:
                {namespaceLabel}
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: ecommerce
            spec:
              mtls:
                mode: {peerAuthentication}
            ---
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
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: customer-service-route
              namespace: ecommerce
            spec:
              parentRefs:
                - name: ecommerce-gateway
              rules:
                - matches:
                    - path:
                        type: PathPrefix
                        value: /api/customers
                  backendRefs:
                    - name: customer-service
                      port: 8080
                  retry:
                    attempts: 3
                    codes: [500, 502, 503, 504]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: customer-service
              namespace: ecommerce
            spec:
              replicas: {replicas}
              selector:
                matchLabels:
                  app: customer-service
              template:
                metadata:
                  labels:
                    app: customer-service
                spec:
                  serviceAccountName: customer-service
                  containers:
                    - name: customer-service
                      image: customer-service:1
                      ports:
                        - containerPort: 8080
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: customer-service
              namespace: ecommerce
            spec:
              selector:
                app: customer-service
              ports:
                - name: http
                  port: 8080
                  targetPort: 8080
            """);
        return new MeshManifestsDirectory(directory);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
