using System.Text.Json.Nodes;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>The metadata every object of a run carries: its name, the harness's labels and the expiry annotation.</summary>
internal static class TwinMetadata
{
    public static JsonObject Labels(TwinRun run) => new()
    {
        [TwinLabels.ManagedBy] = TwinLabels.ManagedByValue,
        [TwinLabels.Run] = run.RunId,
    };

    /// <param name="copied">Annotations copied from the original (a twin route keeps them: "the same manifests").</param>
    public static JsonObject For(TwinRun run, TwinOptions options, string name, string ns, JsonObject? copied = null)
    {
        var annotations = copied is null ? new JsonObject() : (JsonObject)copied.DeepClone();
        annotations[TwinLabels.Expires] = run.ExpiresText;
        annotations[TwinLabels.CreatedBy] = options.CreatedBy;
        return new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = Labels(run),
            ["annotations"] = annotations,
        };
    }
}
