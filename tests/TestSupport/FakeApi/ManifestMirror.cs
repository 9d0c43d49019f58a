using System.Text.Json.Nodes;

namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>
/// Plays istiod for the objects a harness creates in a <see cref="FakeApiServer"/>, so that a local mesh watching a
/// manifests directory serves them as Istio would serve the cluster's: an HTTPRoute, VirtualService or Service carrying
/// the label <see cref="LabelKey"/>=<see cref="LabelValue"/> is written as one manifest file (its JSON, which is YAML)
/// into <see cref="Directory"/> when it is created or changed, and its file removed when it is deleted. (A Deployment's
/// status is <see cref="DeploymentController"/>'s.) Files are written under a temporary name and renamed, so a watcher never reads half a file.
/// </summary>
public sealed class ManifestMirror : IDisposable
{
    /// <summary>What the mirrored files' names start with: a test asserts none is left.</summary>
    public const string FilePrefix = "mirrored-";

    private readonly FakeApiServer api;
    private readonly Action<string, JsonObject> handler;
    private readonly object gate = new();

    public ManifestMirror(FakeApiServer api, string directory, string labelKey, string labelValue)
    {
        this.api = api;
        Directory = directory;
        LabelKey = labelKey;
        LabelValue = labelValue;
        handler = OnChanged;
        api.Changed += handler;
    }

    public string Directory { get; }
    public string LabelKey { get; }
    public string LabelValue { get; }

    /// <summary>Every mirror file written so far and not yet removed.</summary>
    public IReadOnlyList<string> Files() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, FilePrefix + "*", SearchOption.TopDirectoryOnly).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Every object now stored with the label, as "Kind namespace/name".</summary>
    public IReadOnlyList<string> LabelledObjects(string ns) =>
        new[] { ("", "services"), ("apps", "deployments"), ("gateway.networking.k8s.io", "httproutes"), ("networking.istio.io", "virtualservices") }
            .SelectMany(r => api.Objects(r.Item1, r.Item2, ns))
            .Where(Labelled)
            .Select(o => $"{o["kind"]} {o["metadata"]?["namespace"]}/{o["metadata"]?["name"]}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private bool Labelled(JsonObject item) => item["metadata"]?["labels"]?[LabelKey]?.GetValue<string>() == LabelValue;

    private void OnChanged(string type, JsonObject item)
    {
        if (!Labelled(item))
        {
            return;
        }

        if (item["kind"]?.GetValue<string>() is { } kind and ("HTTPRoute" or "Service" or "VirtualService"))
        {
            Mirror(type, kind, item["metadata"]?["namespace"]?.GetValue<string>() ?? "default", item["metadata"]?["name"]?.GetValue<string>() ?? "", item);
        }
    }

    private void Mirror(string type, string kind, string ns, string name, JsonObject item)
    {
        var file = Path.Combine(Directory, $"{FilePrefix}{kind.ToLowerInvariant()}-{ns}-{name}.yaml");
        lock (gate)
        {
            if (type == "DELETED")
            {
                File.Delete(file);
                return;
            }

            var copy = (JsonObject)item.DeepClone();
            copy.Remove("status");
            var temporary = file + ".writing";
            // JSON is YAML (a flow mapping): the manifest reader takes the object exactly as the API server holds it.
            File.WriteAllText(temporary, copy.ToJsonString() + "\n");
            File.Move(temporary, file, overwrite: true);
        }
    }

    public void Dispose() => api.Changed -= handler;
}
