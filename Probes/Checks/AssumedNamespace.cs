namespace AmbientVerify.Probes.Checks;

/// <summary>
/// The one sentence for a namespace whose labels the run assumed (a chart rendered without its Namespace object):
/// the checks report the assumption as a gap, never as labels they read.
/// </summary>
public static class AssumedNamespace
{
    public static string Describe(string name, IReadOnlyDictionary<string, string> labels) =>
        $"namespace {name} has no Namespace object in the manifests; the run assumed it labelled " +
        $"{string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))} " +
        "(from --expect, or --namespace-label), so its labels are not checked here";

    public static string Remedy(string name) =>
        $"check the live namespace (kubectl get namespace {name} --show-labels), or render the Namespace object with the chart";
}
