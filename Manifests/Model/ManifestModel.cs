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
/// <param name="RequestText">The duration as written (the CRD's pattern is checked on it); null when not set.</param>
/// <param name="Line">Line of the <c>timeouts</c> mapping in the object's file (0: unknown).</param>
/// <remarks>Equal when the durations are: where and how they were written does not change the timeouts.</remarks>
public sealed record HttpRouteTimeouts(
    TimeSpan? Request,
    TimeSpan? BackendRequest,
    string? RequestText = null,
    string? BackendRequestText = null,
    long Line = 0)
{
    public bool Equals(HttpRouteTimeouts? other) =>
        other is not null && Request == other.Request && BackendRequest == other.BackendRequest;

    public override int GetHashCode() => HashCode.Combine(Request, BackendRequest);
}

/// <summary>HTTPRoute rule retry (Gateway API v1.2+, honoured by Istio 1.25+). Attempts null means "not set".</summary>
/// <param name="BackoffText">The duration as written (the CRD's pattern is checked on it); null when not set.</param>
/// <param name="Line">Line of the <c>retry</c> mapping in the object's file (0: unknown).</param>
/// <remarks>Equal when attempts, codes (in order) and backoff are: where and how they were written does not count.</remarks>
public sealed record HttpRouteRetry(int? Attempts, IReadOnlyList<int> Codes, TimeSpan? Backoff, string? BackoffText = null, long Line = 0)
{
    public bool Equals(HttpRouteRetry? other) =>
        other is not null && Attempts == other.Attempts && Backoff == other.Backoff && Codes.SequenceEqual(other.Codes);

    public override int GetHashCode() => HashCode.Combine(Attempts, Backoff, Codes.Count);
}

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

/// <summary>VirtualService http[].retries (istio/api <c>HTTPRetry</c>). Attempts are retries (3 → up to 4 tries).</summary>
/// <param name="Attempts">As written, negative included (the admission webhook refuses those); 0 when unset.</param>
/// <param name="Backoff"><c>backoff</c> (Istio 1.26+): Envoy's back-off base interval.</param>
/// <param name="RetryRemoteLocalities"><c>retryRemoteLocalities</c>; null when unset.</param>
/// <param name="RetryIgnorePreviousHosts"><c>retryIgnorePreviousHosts</c> (Istio 1.26+); null when unset.</param>
/// <param name="Line">Line of the <c>retries</c> mapping in the object's file (0: unknown).</param>
/// <remarks>Equal when every setting is: the line it was written on does not count.</remarks>
public sealed record VirtualServiceRetries(
    int Attempts,
    TimeSpan? PerTryTimeout,
    string? RetryOn,
    TimeSpan? Backoff = null,
    bool? RetryRemoteLocalities = null,
    bool? RetryIgnorePreviousHosts = null,
    long Line = 0)
{
    public bool Equals(VirtualServiceRetries? other) =>
        other is not null && (Attempts, PerTryTimeout, RetryOn, Backoff, RetryRemoteLocalities, RetryIgnorePreviousHosts)
        == (other.Attempts, other.PerTryTimeout, other.RetryOn, other.Backoff, other.RetryRemoteLocalities, other.RetryIgnorePreviousHosts);

    public override int GetHashCode() => HashCode.Combine(Attempts, PerTryTimeout, RetryOn, Backoff, RetryRemoteLocalities, RetryIgnorePreviousHosts);
}

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
