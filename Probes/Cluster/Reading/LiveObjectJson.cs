using System.Text.Json.Nodes;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>
/// A live object's JSON made like a rendered manifest: what the API server adds is taken out before the manifest
/// reader sees it, so a live object and the file it was applied from read the same.
/// </summary>
public static class LiveObjectJson
{
    /// <summary>The label the harness puts on what it creates (twin routes, the FaultTarget): kept out of the config audit.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "ambientverify";

    // Server-set metadata (k8s.io/apimachinery ObjectMeta: "Populated by the system. Read-only."). creationTimestamp is
    // kept: Istio orders HTTPRoutes of equal precedence by it (oldest first), and manifests read it when present.
    private static readonly string[] ServerSetMetadata = ["managedFields", "resourceVersion", "uid", "generation", "selfLink"];

    // kubectl apply's copy of the applied object: a second, stale spec in an annotation.
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>A copy of <paramref name="item"/> without <c>status</c>, server-set metadata and kubectl's last-applied copy, with its apiVersion and kind.</summary>
    /// <remarks>A list's items carry no apiVersion and kind on a real API server: they are set from the list's resource.</remarks>
    public static JsonObject Clean(JsonObject item, string apiVersion, string kind)
    {
        var copy = item.DeepClone().AsObject();
        copy["apiVersion"] = apiVersion;
        copy["kind"] = kind;
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerSetMetadata)
            {
                metadata.Remove(field);
            }

            if (metadata["annotations"] is JsonObject annotations)
            {
                annotations.Remove(LastAppliedAnnotation);
            }
        }

        return copy;
    }

    /// <summary>The object kubectl apply recorded in the annotation; null when there is none or it is not JSON.</summary>
    public static JsonObject? LastApplied(JsonObject item)
    {
        if (Annotations(item).GetValueOrDefault(LastAppliedAnnotation) is not { } text)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static string? Name(JsonObject item) => item["metadata"]?["name"]?.GetValue<string>();

    public static string Namespace(JsonObject item) => item["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    public static IReadOnlyDictionary<string, string> Labels(JsonObject item) => StringMap(item["metadata"]?["labels"]);

    public static IReadOnlyDictionary<string, string> Annotations(JsonObject item) => StringMap(item["metadata"]?["annotations"]);

    public static bool IsHarnessObject(JsonObject item) => Labels(item).GetValueOrDefault(ManagedByLabel) == ManagedByValue;

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
