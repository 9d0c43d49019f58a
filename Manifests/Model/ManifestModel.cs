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

public sealed record NamespaceManifest(ObjectRef Ref, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Not in the manifests: its labels were assumed for the run (see <see cref="Topology.NamespaceAssumptions"/>).</summary>
    public bool Assumed { get; init; }
}

public sealed record ContainerManifest(string Name, string? Image, IReadOnlyList<int> Ports)
{
    /// <summary><c>resources.requests</c> and <c>resources.limits</c> (cpu and memory only); unset fields are null.</summary>
    public ContainerResources Resources { get; init; } = ContainerResources.None;
}

/// <summary>CPU in cores and memory in bytes; null = not set.</summary>
public sealed record ResourceAmounts(double? CpuCores, long? MemoryBytes)
{
    public static readonly ResourceAmounts Unset = new(null, null);
}

/// <summary>A container's <c>resources</c> as written (no Kubernetes defaulting applied).</summary>
public sealed record ContainerResources(ResourceAmounts Requests, ResourceAmounts Limits)
{
    public static readonly ContainerResources None = new(ResourceAmounts.Unset, ResourceAmounts.Unset);

    /// <summary>
    /// The requests the scheduler accounts: Kubernetes defaults an unset request to its limit when a limit is set
    /// (k8s.io/kubernetes pkg/apis/core/v1/defaults.go <c>SetDefaults_ResourceList</c> via <c>SetDefaults_Pod</c>).
    /// </summary>
    public ResourceAmounts EffectiveRequests => new(Requests.CpuCores ?? Limits.CpuCores, Requests.MemoryBytes ?? Limits.MemoryBytes);
}

public sealed record DeploymentManifest(
    ObjectRef Ref,
    int Replicas,
    IReadOnlyDictionary<string, string> PodLabels,
    IReadOnlyDictionary<string, string> PodAnnotations,
    string ServiceAccountName,
    IReadOnlyList<ContainerManifest> Containers)
{
    /// <summary>The pod template's <c>initContainers</c> names, e.g. "istio-init" in an already injected manifest.</summary>
    public IReadOnlyList<string> InitContainerNames { get; init; } = [];
}

public sealed record ServicePortManifest(string? Name, int Port, int TargetPort);

public sealed record ServiceManifest(
    ObjectRef Ref,
    IReadOnlyDictionary<string, string> Selector,
    IReadOnlyList<ServicePortManifest> Ports);

/// <summary>Gateway API <c>allowedRoutes</c> of a listener: which namespaces may attach (default: the Gateway's own).</summary>
public enum RouteNamespaces { Same, All, Selector }

/// <param name="Selector">Namespace labels that must all match, for <see cref="RouteNamespaces.Selector"/> (matchLabels only).</param>
/// <param name="Kinds">Route kinds the listener accepts; empty = the protocol's default (HTTPRoute and GRPCRoute for HTTP).</param>
public sealed record AllowedRoutes(RouteNamespaces From, IReadOnlyDictionary<string, string> Selector, IReadOnlyList<string> Kinds)
{
    public static readonly AllowedRoutes Default = new(RouteNamespaces.Same, new Dictionary<string, string>(), []);
}

public sealed record GatewayListener(string Name, int Port, string Protocol, string? Hostname)
{
    public AllowedRoutes AllowedRoutes { get; init; } = AllowedRoutes.Default;
}

public sealed record GatewayManifest(ObjectRef Ref, string GatewayClassName, IReadOnlyList<GatewayListener> Listeners);

/// <summary>A parentRef of an HTTPRoute; Namespace null means the route's own namespace.</summary>
public sealed record ParentRef(string Name, string? Namespace)
{
    /// <summary>parentRef kind; default "Gateway". "Service" is a GAMMA (mesh) parent, not an ingress gateway.</summary>
    public string Kind { get; init; } = "Gateway";

    /// <summary>parentRef <c>sectionName</c>: the listener the route attaches to; null = every listener.</summary>
    public string? SectionName { get; init; }

    /// <summary>parentRef <c>port</c>: only listeners on that port; null = any.</summary>
    public int? Port { get; init; }
}

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

/// <summary>HTTPRoute rule retry (Gateway API v1.2+, experimental channel; honoured by Istio 1.25+). Attempts null means "not set".</summary>
/// <param name="BackoffText">The duration as written (the CRD's pattern is checked on it); null when not set.</param>
/// <param name="Line">Line of the <c>retry</c> mapping in the object's file (0: unknown).</param>
/// <remarks>Equal when attempts, codes (in order) and backoff are: where and how they were written does not count.</remarks>
public sealed record HttpRouteRetry(int? Attempts, IReadOnlyList<int> Codes, TimeSpan? Backoff, string? BackoffText = null, long Line = 0)
{
    public bool Equals(HttpRouteRetry? other) =>
        other is not null && Attempts == other.Attempts && Backoff == other.Backoff && Codes.SequenceEqual(other.Codes);

    public override int GetHashCode() => HashCode.Combine(Attempts, Backoff, Codes.Count);
}

/// <param name="Matches">At least one: a rule without matches matches every request (Gateway API's PathPrefix "/").</param>
/// <param name="BackendRefs">Backends with their weights; the namespace is the route's when the ref names none.</param>
public sealed record HttpRouteRule(
    int Index,
    IReadOnlyList<RequestMatch> Matches,
    IReadOnlyList<RouteDestination> BackendRefs,
    HttpRouteTimeouts? Timeouts,
    HttpRouteRetry? Retry)
{
    /// <summary>The rule's <c>name</c> (Gateway API v1.3+), when set.</summary>
    public string? Name { get; init; }

    /// <summary>True when the rule lists no matches: Istio then gives its route no match at all and sorts it last.</summary>
    public bool MatchesEverything { get; init; }

    /// <summary>The rule's filters in Istio's terms, and what is not emulated.</summary>
    public RouteActions Actions { get; init; } = RouteActions.None;

    /// <summary>Fields only the experimental-channel CRD declares that the rule sets (e.g. "retry"), with their line.</summary>
    public IReadOnlyList<(string Field, string Source)> ExperimentalFields { get; init; } = [];

    /// <summary>"file.yaml:line" of the rule.</summary>
    public string Source { get; init; } = "";

    /// <summary>
    /// Why Istio refuses to translate the rule (an unsupported filter type, conversion.go <c>InvalidFilter</c>): then
    /// the whole HTTPRoute serves nothing. Null when Istio accepts it.
    /// </summary>
    public string? IstioRefusal { get; init; }
}

public sealed record HttpRouteManifest(
    ObjectRef Ref,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<ParentRef> ParentRefs,
    IReadOnlyList<string> Hostnames,
    IReadOnlyList<HttpRouteRule> Rules)
{
    /// <summary><c>metadata.creationTimestamp</c> when the manifest has one (rendered charts rarely do): Istio's precedence tie-break.</summary>
    public DateTimeOffset? CreationTimestamp { get; init; }
}

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

/// <param name="Matches">At least one: an http route without match matches every request.</param>
public sealed record VirtualServiceHttpRoute(
    int Index,
    string? Name,
    IReadOnlyList<RequestMatch> Matches,
    IReadOnlyList<RouteDestination> Destinations,
    TimeSpan? Timeout,
    VirtualServiceRetries? Retries)
{
    /// <summary>Headers, rewrite, redirect, mirror, fault, directResponse, and what is not emulated.</summary>
    public RouteActions Actions { get; init; } = RouteActions.None;

    /// <summary>True when the http route has no <c>match</c> at all (Istio stops reading a VirtualService after one).</summary>
    public bool MatchesEverything { get; init; }

    /// <summary>"file.yaml:line" of the http route.</summary>
    public string Source { get; init; } = "";
}

/// <param name="Gateways">As written; resolve with <see cref="Routing.GatewayBinding"/>. Empty means "mesh" only.</param>
/// <param name="ExportTo">As written; empty = Istio's default (every namespace).</param>
public sealed record VirtualServiceManifest(
    ObjectRef Ref,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<string> Gateways,
    IReadOnlyList<VirtualServiceHttpRoute> Http)
{
    public IReadOnlyList<string> ExportTo { get; init; } = [];

    /// <summary>What the VirtualService says that the reader keeps but the gateway does not emulate (tcp, tls, delegate…).</summary>
    public IReadOnlyList<NotEmulated> NotEmulated { get; init; } = [];
}

/// <summary>An Istio <c>Gateway</c> (networking.istio.io): a name VirtualServices bind to, and its servers.</summary>
public sealed record IstioGatewayManifest(ObjectRef Ref, IReadOnlyDictionary<string, string> Selector, IReadOnlyList<IstioGatewayServer> Servers);

/// <param name="Protocol">Upper case (Istio parses it case-insensitively): HTTP, HTTPS, HTTP2, GRPC, TLS, TCP…</param>
/// <param name="Hosts">As written ("ns/host", "*/host", "./host" or "host").</param>
public sealed record IstioGatewayServer(string? Name, int Port, string Protocol, IReadOnlyList<string> Hosts)
{
    /// <summary><c>tls.httpsRedirect</c>: Envoy answers every plain-HTTP request on the server with a 301 to https.</summary>
    public bool HttpsRedirect { get; init; }
}

/// <summary>A GatewayClass: which controller serves the Gateways of that class.</summary>
public sealed record GatewayClassManifest(ObjectRef Ref, string ControllerName);

/// <summary>A Gateway API ReferenceGrant: which kinds in which namespaces may refer to objects of this namespace.</summary>
public sealed record ReferenceGrantManifest(ObjectRef Ref, IReadOnlyList<ReferenceGrantFrom> From, IReadOnlyList<ReferenceGrantTo> To);

public sealed record ReferenceGrantFrom(string Group, string Kind, string Namespace);

/// <param name="Name">Null = every object of that kind.</param>
public sealed record ReferenceGrantTo(string Group, string Kind, string? Name);

/// <summary>A CustomResourceDefinition in the manifests; for Gateway API CRDs, the bundle channel it declares.</summary>
/// <param name="Channel">The <c>gateway.networking.k8s.io/channel</c> annotation, when present.</param>
public sealed record CustomResourceDefinitionManifest(ObjectRef Ref, string Group, string Kind, string? Channel, string? BundleVersion);

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
