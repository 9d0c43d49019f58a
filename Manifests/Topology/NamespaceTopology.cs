namespace AmbientVerify.Manifests.Topology;

/// <summary>A namespace, its labels and the dataplane they ask for (see <see cref="DataplaneMode"/> for the rules).</summary>
/// <param name="Labels">Empty for a namespace the manifests use but do not create.</param>
public sealed record NamespaceTopology(string Name, IReadOnlyDictionary<string, string> Labels, DataplaneMode Mode)
{
    /// <summary>Labelled <c>istio.io/dataplane-mode=ambient</c>, whatever else it carries.</summary>
    public bool AmbientLabelled => Labels.TryGetValue(IstioMetadata.DataplaneModeLabel, out var mode) && mode == "ambient";

    /// <summary>False when the manifests use the namespace (e.g. Kubernetes' "default") but hold no Namespace object for it.</summary>
    public bool Declared { get; init; } = true;

    /// <summary>No Namespace object in the manifests, but the run assumed its labels (<see cref="NamespaceAssumptions"/>).</summary>
    public bool Assumed { get; init; }

    /// <summary>"namespace ecommerce is labelled istio.io/dataplane-mode=ambient": why the mode is what it is.</summary>
    public string Describe() => Mode switch
    {
        DataplaneMode.Ambient => $"namespace {Name} is labelled {IstioMetadata.DataplaneModeLabel}=ambient",
        DataplaneMode.Sidecar when Labels.TryGetValue(IstioMetadata.InjectionLabel, out var injection) && injection == "enabled" =>
            $"namespace {Name} is labelled {IstioMetadata.InjectionLabel}=enabled",
        DataplaneMode.Sidecar => $"namespace {Name} is labelled {IstioMetadata.RevisionLabel}={Labels[IstioMetadata.RevisionLabel]}",
        _ => $"namespace {Name} has neither {IstioMetadata.DataplaneModeLabel}=ambient nor {IstioMetadata.InjectionLabel}=enabled"
             + (Declared ? "" : " (the manifests do not create it)"),
    };

    /// <summary>The mode the labels ask for (rules on <see cref="DataplaneMode"/>).</summary>
    public static DataplaneMode ModeOf(IReadOnlyDictionary<string, string> labels)
    {
        var ambient = labels.TryGetValue(IstioMetadata.DataplaneModeLabel, out var mode) && mode == "ambient";
        var injection = labels.TryGetValue(IstioMetadata.InjectionLabel, out var inject) && inject == "enabled";
        var revision = labels.ContainsKey(IstioMetadata.RevisionLabel);
        if (injection || (revision && !ambient))
        {
            return DataplaneMode.Sidecar;
        }

        return ambient ? DataplaneMode.Ambient : DataplaneMode.None;
    }
}
