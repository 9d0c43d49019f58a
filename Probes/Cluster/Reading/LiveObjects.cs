using System.Text.Json.Nodes;

namespace AmbientVerify.Probes.Cluster.Reading;

// The live objects as read from the API server, in the shapes the inspector and the prechecks need. Each keeps
// only what a check reads; the full JSON of every configuration object is in LiveCluster.Objects.

/// <summary>Which object: kind (as the API names it), namespace ("" for cluster-scoped kinds) and name.</summary>
/// <param name="Group">The API group ("" for core, "gateway.networking.k8s.io", "networking.istio.io"): Gateway exists in two.</param>
public sealed record LiveObjectKey(string Group, string Kind, string Namespace, string Name)
{
    /// <summary>How messages and manifest sources name it: "cluster:httproute/ecommerce/customer-route".</summary>
    public string SourceName => $"cluster:{Kind.ToLowerInvariant()}/{(Namespace.Length == 0 ? "" : Namespace + "/")}{Name}";

    public override string ToString() => $"{Kind} {(Namespace.Length == 0 ? "" : Namespace + "/")}{Name}";
}

/// <summary>A configuration object as the API server returned it, cleaned of server-set fields.</summary>
/// <param name="Json">The object without <c>status</c>, <c>managedFields</c> and server-set metadata (see <see cref="LiveObjectJson.Clean"/>).</param>
/// <param name="IsHarnessObject">Labelled <c>app.kubernetes.io/managed-by=ambientverify</c>: the harness created it (twin routes, the FaultTarget).</param>
public sealed record LiveObject(LiveObjectKey Key, JsonObject Json, bool IsHarnessObject)
{
    /// <summary>
    /// The object as last applied with <c>kubectl apply</c> (its <c>kubectl.kubernetes.io/last-applied-configuration</c>
    /// annotation), null when it was not applied that way. It shows what the user asked for before the API server
    /// pruned fields its CRD schema lacks (a standard-channel HTTPRoute CRD drops <c>retry</c>).
    /// </summary>
    public JsonObject? LastApplied { get; init; }
}

/// <summary>A container of a pod: its name and declared ports.</summary>
public sealed record LiveContainer(string Name, string? Image, IReadOnlyList<int> Ports);

/// <summary>One pod as the API shows it.</summary>
/// <param name="Ready">The pod's <c>Ready</c> condition is True.</param>
/// <param name="Ip">status.podIP; null while it has none.</param>
/// <param name="Node">spec.nodeName; null while unscheduled.</param>
public sealed record LivePod(
    string Namespace,
    string Name,
    string? Node,
    string? Ip,
    bool Ready,
    string Phase,
    string ServiceAccount,
    IReadOnlyList<LiveContainer> Containers,
    IReadOnlyList<string> InitContainers,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>A DaemonSet's counts (status.desiredNumberScheduled / numberReady) and its pods.</summary>
public sealed record LiveDaemonSet(string Namespace, string Name, int Desired, int Ready, IReadOnlyList<LivePod> Pods)
{
    public override string ToString() => $"DaemonSet {Namespace}/{Name}";
}

/// <summary>A Deployment's pod selector (spec.selector.matchLabels), which decides which live pods are its own.</summary>
public sealed record LiveDeploymentSelector(string Namespace, string Name, IReadOnlyDictionary<string, string> MatchLabels);

/// <summary>Where the Istio version came from and what it says; Text null when it could not be told.</summary>
/// <param name="Text">"1.26.2" as the istiod image tag says it.</param>
/// <param name="Source">"image docker.io/istio/pilot:1.26.2 of Deployment istio-system/istiod", or why it is unknown.</param>
public sealed record LiveIstioVersion(string? Text, string Source);

/// <summary>
/// The Gateway API CRDs as installed: the bundle's channel and version annotations of the HTTPRoute CRD, and whether
/// its served schema declares <c>spec.rules[].retry</c> (the API server prunes a field its schema does not declare).
/// </summary>
/// <param name="HttpRouteCrdFound">False when no HTTPRoute CRD was read (not installed, or CRDs not readable).</param>
/// <param name="Source">"CustomResourceDefinition httproutes.gateway.networking.k8s.io" or why it is unknown.</param>
public sealed record LiveGatewayApiCrds(bool HttpRouteCrdFound, string? Channel, string? BundleVersion, bool SchemaHasRetry, string Source);

/// <summary>One condition of an HTTPRoute parent status (gateway-api <c>apis/v1/httproute_types.go</c> RouteConditionType).</summary>
public sealed record LiveCondition(string Type, string Status, string? Reason, string? Message)
{
    public bool IsTrue => Status == "True";
}

/// <summary>One entry of an HTTPRoute's <c>status.parents</c>: the parent it is about and the controller's conditions.</summary>
public sealed record LiveRouteParentStatus(string ParentKind, string ParentNamespace, string ParentName, string? SectionName, string? ControllerName, IReadOnlyList<LiveCondition> Conditions)
{
    public LiveCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);
}

/// <summary>An HTTPRoute's status as the controller wrote it.</summary>
public sealed record LiveHttpRouteStatus(string Namespace, string Name, IReadOnlyList<LiveRouteParentStatus> Parents);

/// <summary>An API the reading found not served (404 on its list): a CRD not installed. An answer, not a crash.</summary>
/// <param name="Resource">"virtualservices.networking.istio.io".</param>
/// <param name="Words">"networking.istio.io is not served (CRD not installed): …".</param>
public sealed record MissingApi(string Group, string Resource, string Words);
