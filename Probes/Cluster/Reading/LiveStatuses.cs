using System.Text.Json.Nodes;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>
/// An HTTPRoute's <c>status.parents</c> (gateway-api <c>apis/v1/httproute_types.go</c> → <c>RouteStatus</c>:
/// per parentRef the controllerName and conditions <c>Accepted</c> and <c>ResolvedRefs</c>).
/// </summary>
internal static class LiveStatuses
{
    public static LiveHttpRouteStatus HttpRoute(JsonObject route)
    {
        var ns = LiveObjectJson.Namespace(route);
        var parents = (route["status"]?["parents"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(parent =>
            {
                var reference = parent["parentRef"];
                return new LiveRouteParentStatus(
                    LiveObjectJson.Text(reference?["kind"]) ?? "Gateway",
                    LiveObjectJson.Text(reference?["namespace"]) ?? ns,
                    LiveObjectJson.Text(reference?["name"]) ?? "",
                    LiveObjectJson.Text(reference?["sectionName"]),
                    LiveObjectJson.Text(parent["controllerName"]),
                    [.. (parent["conditions"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new LiveCondition(
                        LiveObjectJson.Text(c["type"]) ?? "",
                        LiveObjectJson.Text(c["status"]) ?? "Unknown",
                        LiveObjectJson.Text(c["reason"]),
                        LiveObjectJson.Text(c["message"])))]);
            })
            .ToList();
        return new LiveHttpRouteStatus(ns, LiveObjectJson.Name(route) ?? "", parents);
    }
}
