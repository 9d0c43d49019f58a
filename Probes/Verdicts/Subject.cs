namespace AmbientVerify.Probes.Verdicts;

/// <summary>
/// What a result is about: a kind and a name, e.g. <c>Deployment ecommerce/cart</c>, <c>Namespace ecommerce</c>,
/// <c>VirtualService ecommerce/order-service</c>, or a route of the main gateway. A result about a set of objects
/// rather than one (every manifest, every DestinationRule) has the set as its kind and an empty name.
/// </summary>
/// <param name="Kind">A Kubernetes kind, <see cref="RouteKind"/>, or the name of a set (<see cref="ManifestsKind"/>).</param>
/// <param name="Name">"namespace/name" (just the name for a Namespace), a route's label, or empty for a set.</param>
public sealed record Subject(string Kind, string Name)
{
    /// <summary>
    /// A route of the main gateway whose object kind the route model does not give yet; named by its label (the
    /// route's object name, with its path when one object serves several paths).
    /// </summary>
    public const string RouteKind = "Route";

    public const string NamespaceKind = "Namespace";
    public const string DeploymentKind = "Deployment";
    public const string ServiceKind = "Service";
    public const string PodKind = "Pod";
    public const string DestinationRuleKind = "DestinationRule";

    /// <summary>The set of every manifest read (an audit rule that found nothing to complain about).</summary>
    public const string ManifestsKind = "manifests";

    /// <summary>The set of every DestinationRule the inspector knows.</summary>
    public const string DestinationRulesKind = "DestinationRules";

    public static readonly Subject AllManifests = Set(ManifestsKind);

    public static readonly Subject AllDestinationRules = Set(DestinationRulesKind);

    public static Subject Route(string label) => new(RouteKind, label);

    /// <summary>A route by its name, with what it takes as <see cref="Detail"/> ("bookinfo#0.1" with "/static…").</summary>
    public static Subject Route(Manifests.Routing.GatewayRoute route) => new(RouteKind, route.Name) { Detail = route.RequestSummary };

    /// <summary>Words for people beside the name (a route's host, path, method and headers); not part of the key.</summary>
    public string? Detail { get; init; }

    /// <summary>How reports show it: <see cref="ToString"/> and the <see cref="Detail"/>, when there is one.</summary>
    public string Display => Detail is null ? ToString() : $"{this} {Detail}";

    public static Subject Namespace(string name) => new(NamespaceKind, name);

    public static Subject Deployment(string @namespace, string name) => new(DeploymentKind, $"{@namespace}/{name}");

    public static Subject Service(string @namespace, string name) => new(ServiceKind, $"{@namespace}/{name}");

    public static Subject Pod(string @namespace, string name) => new(PodKind, $"{@namespace}/{name}");

    public static Subject DestinationRule(string @namespace, string name) => new(DestinationRuleKind, $"{@namespace}/{name}");

    /// <summary>A set of objects rather than one: the kind names the set, the name is empty.</summary>
    public static Subject Set(string what) => new(what, "");

    /// <summary>
    /// How tables name it: "Deployment ecommerce/cart", a set by its kind alone ("manifests"), and a route whose
    /// kind is not known yet by its label alone ("customer-service-route"), as reports named them before subjects
    /// had a kind.
    /// </summary>
    public bool Equals(Subject? other) => other is not null && Kind == other.Kind && Name == other.Name;

    public override int GetHashCode() => HashCode.Combine(Kind, Name);

    public override string ToString() =>
        Name.Length == 0 ? Kind
        : Kind == RouteKind ? Name
        : $"{Kind} {Name}";
}
