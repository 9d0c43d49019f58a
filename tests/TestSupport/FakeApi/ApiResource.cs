namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>One kind the fake API server serves, as discovery (<c>/apis/{group}/{version}</c>) lists it.</summary>
/// <param name="Group">"" for the core group (<c>/api/v1</c>).</param>
/// <param name="Plural">The path segment: "pods", "httproutes".</param>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>How RBAC and messages name it: "pods", "httproutes.gateway.networking.k8s.io".</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>What a real cluster with Istio and the Gateway API serves (a test removes a group to plant a missing CRD).</summary>
    public static IReadOnlyList<ApiResource> Defaults { get; } =
    [
        new("", "v1", "Namespace", "namespaces", false),
        new("", "v1", "Node", "nodes", false),
        new("", "v1", "Pod", "pods", true),
        new("", "v1", "Service", "services", true),
        new("", "v1", "ServiceAccount", "serviceaccounts", true),
        new("", "v1", "ConfigMap", "configmaps", true),
        new("", "v1", "Secret", "secrets", true),
        new("", "v1", "Event", "events", true),
        new("apps", "v1", "Deployment", "deployments", true),
        new("apps", "v1", "DaemonSet", "daemonsets", true),
        new("apps", "v1", "ReplicaSet", "replicasets", true),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false),
        new("gateway.networking.k8s.io", "v1", "Gateway", "gateways", true),
        new("gateway.networking.k8s.io", "v1", "GatewayClass", "gatewayclasses", false),
        new("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes", true),
        new("gateway.networking.k8s.io", "v1beta1", "ReferenceGrant", "referencegrants", true),
        new("networking.istio.io", "v1", "VirtualService", "virtualservices", true),
        new("networking.istio.io", "v1", "DestinationRule", "destinationrules", true),
        new("networking.istio.io", "v1", "Gateway", "gateways", true),
        new("networking.istio.io", "v1alpha3", "EnvoyFilter", "envoyfilters", true),
        new("security.istio.io", "v1", "PeerAuthentication", "peerauthentications", true),
        new("security.istio.io", "v1", "RequestAuthentication", "requestauthentications", true),
        new("security.istio.io", "v1", "AuthorizationPolicy", "authorizationpolicies", true),
        new("metrics.k8s.io", "v1beta1", "PodMetrics", "pods", true),
        new("metrics.k8s.io", "v1beta1", "NodeMetrics", "nodes", false),
    ];
}
