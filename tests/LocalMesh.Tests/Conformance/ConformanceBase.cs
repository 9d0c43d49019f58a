namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// The part of the Gateway API conformance suite's base manifests (kubernetes-sigs/gateway-api
/// <c>conformance/base/manifests.yaml</c>, v1.6.1) that HTTP routing tests stand on: the three namespaces and their
/// labels, the gateways with an HTTP listener on port 80, and the Services the echo backends run behind.
/// </summary>
public static class ConformanceBase
{
    public const string Infra = "gateway-conformance-infra";
    public const string AppBackend = "gateway-conformance-app-backend";
    public const string WebBackend = "gateway-conformance-web-backend";

    /// <summary>The gateway most tests attach to: one HTTP listener on 80, routes from its own namespace.</summary>
    public const string SameNamespace = "same-namespace";

    public static readonly IReadOnlyList<(string Service, string Namespace)> Services =
    [
        ("infra-backend-v1", Infra),
        ("infra-backend-v2", Infra),
        ("infra-backend-v3", Infra),
        ("app-backend-v1", AppBackend),
        ("app-backend-v2", AppBackend),
        ("web-backend", WebBackend),
    ];

    /// <summary>The namespace of a base Service (names are unique across the base).</summary>
    public static string NamespaceOf(string service) => Services.First(s => s.Service == service).Namespace;

    public static readonly string Manifests =
        Namespace(Infra, "infra") + Namespace(AppBackend, "backend") + Namespace(WebBackend, "backend")
        + Gateway(SameNamespace, "from: Same")
        + Gateway("all-namespaces", "from: All")
        + Gateway("backend-namespaces", "from: Selector\n        selector: {matchLabels: {gateway-conformance: backend}}")
        + string.Concat(Services.Select(s => Service(s.Service, s.Namespace)));

    private static string Namespace(string name, string label) =>
        $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n  labels: {{gateway-conformance: {label}}}\n---\n";

    private static string Gateway(string name, string from) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: {name}, namespace: {Infra}}}\n"
        + "spec:\n  gatewayClassName: istio\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n"
        + $"    allowedRoutes:\n      namespaces:\n        {from}\n---\n";

    private static string Service(string name, string ns) =>
        $"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{app: {name}}}\n  ports: [{{name: first-port, port: 8080, targetPort: 3000}}]\n---\n";
}
