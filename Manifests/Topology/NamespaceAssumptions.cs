using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Topology;

/// <summary>One label assumed on a namespace the manifests use but do not create: "ecommerce:istio.io/dataplane-mode=ambient".</summary>
public sealed record NamespaceLabel(string Namespace, string Key, string Value)
{
    public override string ToString() => $"{Namespace}:{Key}={Value}";
}

/// <summary>
/// `helm template … -n ns` output almost never holds the Namespace object, yet the namespace's labels decide the
/// dataplane (DESIGN §2: <c>istio.io/dataplane-mode=ambient</c>, <c>istio-injection=enabled</c>). For such a namespace
/// the run assumes the labels of the mode it expects (or those given per namespace), every process of the run applies
/// the same assumption, and the checks report it as an assumption, never as a label they read.
/// </summary>
public static class NamespaceAssumptions
{
    /// <summary>The source of an assumed Namespace object, as reports show it in place of file:line.</summary>
    public const string Source = "assumed: no Namespace object in the manifests";

    /// <summary>Namespaces that Deployments or Services live in without a Namespace object, sorted.</summary>
    public static IReadOnlyList<string> Undeclared(MeshManifests manifests) =>
        [.. manifests.Deployments.Select(d => d.Ref.Namespace)
            .Concat(manifests.Services.Select(s => s.Ref.Namespace))
            .Distinct(StringComparer.Ordinal)
            .Where(name => manifests.Namespaces.All(n => n.Ref.Name != name))
            .Order(StringComparer.Ordinal)];

    /// <summary>The labels a namespace in <paramref name="expectedMode"/> ("ambient" or "sidecar") carries.</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(string expectedMode) => expectedMode == "sidecar"
        ? new Dictionary<string, string> { [IstioMetadata.InjectionLabel] = "enabled" }
        : new Dictionary<string, string> { [IstioMetadata.DataplaneModeLabel] = "ambient" };

    /// <summary>
    /// The labels to assume: for every undeclared namespace, the expected mode's labels, then the given labels of that
    /// namespace on top (a given label may add to them or replace one).
    /// </summary>
    /// <exception cref="ManifestException">A given label names a namespace the manifests create (edit it there) or do not use.</exception>
    public static IReadOnlyList<NamespaceLabel> For(MeshManifests manifests, string expectedMode, IReadOnlyList<NamespaceLabel> given)
    {
        var undeclared = Undeclared(manifests);
        foreach (var label in given)
        {
            if (manifests.Namespaces.FirstOrDefault(n => n.Ref.Name == label.Namespace) is { } declared)
            {
                throw new ManifestException($"namespace label {label}: {declared.Ref} is in the manifests; set its labels there");
            }

            if (!undeclared.Contains(label.Namespace))
            {
                throw new ManifestException($"namespace label {label}: no Deployment or Service of the manifests is in namespace {label.Namespace}" +
                                            (undeclared.Count > 0 ? $" (namespaces without a Namespace object: {string.Join(", ", undeclared)})" : ""));
            }
        }

        return [.. undeclared.SelectMany(name =>
        {
            var labels = new Dictionary<string, string>(LabelsOf(expectedMode), StringComparer.Ordinal);
            foreach (var label in given.Where(l => l.Namespace == name))
            {
                labels[label.Key] = label.Value;
            }

            return labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new NamespaceLabel(name, l.Key, l.Value));
        })];
    }

    /// <summary>The manifests with an assumed Namespace object for each namespace <paramref name="labels"/> names that they lack.</summary>
    public static MeshManifests Apply(MeshManifests manifests, IReadOnlyList<NamespaceLabel> labels)
    {
        var assumed = labels
            .Where(l => manifests.Namespaces.All(n => n.Ref.Name != l.Namespace))
            .GroupBy(l => l.Namespace, StringComparer.Ordinal)
            .Select(g => new NamespaceManifest(new ObjectRef("v1", "Namespace", g.Key, g.Key, Source),
                g.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal)) { Assumed = true })
            .ToList();
        return assumed.Count == 0 ? manifests : manifests with { Namespaces = [.. manifests.Namespaces, .. assumed] };
    }

    /// <summary>"ecommerce:istio.io/dataplane-mode=ambient,shop:istio-injection=enabled" (the form options and settings carry).</summary>
    /// <exception cref="FormatException">An item that is not namespace:key=value.</exception>
    public static IReadOnlyList<NamespaceLabel> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseOne)];
    }

    public static NamespaceLabel ParseOne(string item)
    {
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        var equals = item.IndexOf('=', StringComparison.Ordinal);
        if (colon <= 0 || equals < colon + 2)
        {
            throw new FormatException($"'{item}' is not namespace:key=value (e.g. ecommerce:{IstioMetadata.DataplaneModeLabel}=ambient)");
        }

        return new NamespaceLabel(item[..colon], item[(colon + 1)..equals], item[(equals + 1)..]);
    }

    public static string Format(IEnumerable<NamespaceLabel> labels) => string.Join(",", labels);
}
