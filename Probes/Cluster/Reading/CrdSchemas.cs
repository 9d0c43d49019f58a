using System.Text.Json.Nodes;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>
/// What an installed CRD's schema declares. The API server prunes every field its structural schema does not declare,
/// so a field missing here is dropped from every object on apply (gateway-api
/// <c>config/crd/standard/gateway.networking.k8s.io_httproutes.yaml</c> has no <c>retry</c> under <c>rules</c>;
/// the experimental one has).
/// </summary>
public static class CrdSchemas
{
    /// <summary>True when a served version's schema has <c>spec.rules[].retry</c>.</summary>
    public static bool HttpRouteDeclaresRetry(JsonObject crd) =>
        (crd["spec"]?["versions"] as JsonArray ?? [])
        .OfType<JsonObject>()
        .Where(v => v["served"] is JsonValue served && served.TryGetValue<bool>(out var s) && s)
        .Any(v => v["schema"]?["openAPIV3Schema"]?["properties"]?["spec"]?["properties"]?["rules"]?["items"]?["properties"]?["retry"] is JsonObject);
}
