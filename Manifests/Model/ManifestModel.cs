namespace AmbientVerify.Manifests.Model;

// The typed view of a directory of rendered manifests (e.g. `helm template` output). Only the fields the
// harness reads are modelled; every object keeps where it came from so errors and findings can point at it.

/// <summary>Identity and origin of one Kubernetes object.</summary>
/// <param name="Source">"file.yaml:line" of the document's first line, for messages.</param>
public sealed record ObjectRef(string ApiVersion, string Kind, string Name, string Namespace, string Source)
{
    /// <summary>"namespace/name", or just the name for cluster-scoped kinds (a Namespace is recorded as living in itself).</summary>
    public string QualifiedName => Kind is "Namespace" or "GatewayClass" ? Name : $"{Namespace}/{Name}";

    public override string ToString() => $"{Kind} {QualifiedName} ({Source})";
}

public sealed record NamespaceManifest(ObjectRef Ref, IReadOnlyDictionary<string, string> Labels);

public sealed record ContainerManifest(string Name, string? Image, IReadOnlyList<int> Ports);

public sealed record DeploymentManifest(
    ObjectRef Ref,
    int Replicas,
    IReadOnlyDictionary<string, string> PodLabels,
    IReadOnlyDictionary<string, string> PodAnnotations,
    string ServiceAccountName,
    IReadOnlyList<ContainerManifest> Containers);

public sealed record ServicePortManifest(string? Name, int Port, int TargetPort);

public sealed record ServiceManifest(
    ObjectRef Ref,
    IReadOnlyDictionary<string, string> Selector,
    IReadOnlyList<ServicePortManifest> Ports);

public sealed record GatewayListener(string Name, int Port, string Protocol, string? Hostname);

public sealed record GatewayManifest(ObjectRef Ref, string GatewayClassName, IReadOnlyList<GatewayListener> Listeners);

public enum PathMatchType { PathPrefix, Exact, RegularExpression }

public sealed record PathMatch(PathMatchType Type, string Value);

/// <summary>A parentRef of an HTTPRoute; Namespace null means the route's own namespace.</summary>
public sealed record ParentRef(string Name, string? Namespace)
{
    /// <summary>parentRef kind; default "Gateway". "Service" is a GAMMA (mesh) parent, not an ingress gateway.</summary>
    public string Kind { get; init; } = "Gateway";
}

public sealed record BackendRef(string Name, string? Namespace, int? Port, int Weight);

/// <summary>HTTPRoute rule timeouts (Gateway API v1). Null means "not set".</summary>
public sealed record HttpRouteTimeouts(TimeSpan? Request, TimeSpan? BackendRequest);

/// <summary>HTTPRoute rule retry (Gateway API v1.2+, honoured by Istio 1.25+). Attempts null means "not set".</summary>
public sealed record HttpRouteRetry(int? Attempts, IReadOnlyList<int> Codes, TimeSpan? Backoff);

public sealed record HttpRouteRule(
    int Index,
    IReadOnlyList<PathMatch> Matches,
    IReadOnlyList<BackendRef> BackendRefs,
    HttpRouteTimeouts? Timeouts,
    HttpRouteRetry? Retry);

public sealed record HttpRouteManifest(
    ObjectRef Ref,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<ParentRef> ParentRefs,
    IReadOnlyList<string> Hostnames,
    IReadOnlyList<HttpRouteRule> Rules);

public sealed record VirtualServiceDestination(string Host, int? Port, int Weight);

/// <summary>VirtualService http[].retries. Attempts are retries (3 → up to 4 tries).</summary>
public sealed record VirtualServiceRetries(int Attempts, TimeSpan? PerTryTimeout, string? RetryOn);

public sealed record VirtualServiceHttpRoute(
    int Index,
    string? Name,
    IReadOnlyList<PathMatch> Matches,
    IReadOnlyList<VirtualServiceDestination> Destinations,
    TimeSpan? Timeout,
    VirtualServiceRetries? Retries);

public sealed record VirtualServiceManifest(
    ObjectRef Ref,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<string> Gateways,
    IReadOnlyList<VirtualServiceHttpRoute> Http);

/// <summary>DestinationRule: only what the audit needs (TLS mode and whether L7 pool/outlier settings exist).</summary>
public sealed record DestinationRuleManifest(
    ObjectRef Ref,
    string Host,
    string? TlsMode,
    bool HasConnectionPool,
    bool HasOutlierDetection);

/// <summary>PeerAuthentication; MtlsMode null means unset (inherits, PERMISSIVE by default).</summary>
public sealed record PeerAuthenticationManifest(
    ObjectRef Ref,
    IReadOnlyDictionary<string, string> Selector,
    string? MtlsMode);
