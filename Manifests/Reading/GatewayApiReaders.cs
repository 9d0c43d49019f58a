using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Reading;

/// <summary>Gateway and HTTPRoute (gateway.networking.k8s.io), with Gateway API defaults applied.</summary>
internal static class GatewayApiReaders
{
    public static GatewayManifest Gateway(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        return new GatewayManifest(
            @ref,
            spec?.String("gatewayClassName") ?? "",
            spec?.Maps("listeners").Select(Listener).ToList() ?? []);
    }

    public static HttpRouteManifest HttpRoute(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        return new HttpRouteManifest(
            @ref,
            Annotations: map.Map("metadata")!.StringDictionary("annotations"),
            ParentRefs: spec?.Maps("parentRefs").Select(ParentRef).ToList() ?? [],
            Hostnames: spec?.Strings("hostnames") ?? [],
            Rules: spec?.Maps("rules").Select((rule, index) => Rule(rule.As($"{map.Subject} rule {index}"), index)).ToList() ?? []);
    }

    private static GatewayListener Listener(YamlMap listener) => new(
        listener.String("name") ?? "",
        listener.Int("port", "expected a port number, e.g. 80")
            ?? throw listener.Error(listener.Node, $"{listener.FieldPath("port")} is missing (expected a port number, e.g. 80)"),
        listener.String("protocol") ?? "HTTP",
        listener.String("hostname"));

    private static ParentRef ParentRef(YamlMap parent) =>
        new(parent.RequiredString("name", "expected the name of the Gateway the route attaches to"), parent.String("namespace"))
        {
            Kind = parent.String("kind") ?? "Gateway",
        };

    private static HttpRouteRule Rule(YamlMap rule, int index)
    {
        var matches = rule.Maps("matches").Select(PathOf).ToList();
        return new HttpRouteRule(
            index,
            // A rule without matches matches everything: Gateway API's default is PathPrefix "/".
            matches.Count == 0 ? [new PathMatch(PathMatchType.PathPrefix, "/")] : matches,
            rule.Maps("backendRefs").Select(BackendRef).ToList(),
            RetryReaders.HttpRouteTimeouts(rule),
            RetryReaders.HttpRouteRetry(rule));
    }

    private static PathMatch PathOf(YamlMap match)
    {
        var path = match.Map("path");
        if (path is null)
        {
            return new PathMatch(PathMatchType.PathPrefix, "/");
        }

        var typeText = path.String("type") ?? nameof(PathMatchType.PathPrefix);
        if (!Enum.TryParse<PathMatchType>(typeText, ignoreCase: false, out var type))
        {
            throw path.Error(path.Node, $"{path.FieldPath("type")} '{typeText}' is not a path match type (expected PathPrefix, Exact or RegularExpression)");
        }

        return new PathMatch(type, path.String("value") ?? "/");
    }

    private static BackendRef BackendRef(YamlMap backend) => new(
        backend.RequiredString("name", "expected the name of the Service to send to"),
        backend.String("namespace"),
        backend.Int("port", "expected a port number, e.g. 8080"),
        backend.NonNegativeInt("weight", "expected a relative weight, e.g. 1") ?? 1);
}
