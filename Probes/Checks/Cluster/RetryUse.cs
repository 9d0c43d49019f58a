using System.Text.Json.Nodes;
using AmbientVerify.Probes.Cluster.Reading;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>
/// Which HTTPRoutes use <c>spec.rules[].retry</c>: in the stored object, or in what <c>kubectl apply</c> sent (its
/// last-applied annotation), because a standard-channel API server prunes the field on write and the stored object no
/// longer shows it.
/// </summary>
internal static class RetryUse
{
    public static IReadOnlyList<LiveObject> Routes(LiveCluster cluster) =>
        [.. cluster.Objects.Where(o => !o.IsHarnessObject && o.Key.Kind == "HTTPRoute" && (HasRetry(o.Json) || (o.LastApplied is { } applied && HasRetry(applied))))];

    public static bool Pruned(LiveObject route) => !HasRetry(route.Json);

    private static bool HasRetry(JsonObject route) =>
        (route["spec"]?["rules"] as JsonArray ?? []).OfType<JsonObject>().Any(rule => rule["retry"] is JsonObject);

    public static string Names(IEnumerable<LiveObject> routes) =>
        string.Join(", ", routes.Select(r => $"{r.Key.Namespace}/{r.Key.Name}"));
}
