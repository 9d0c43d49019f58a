using System.Text.Json.Nodes;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>A kind the twin lifecycle creates, and where the API serves it.</summary>
public sealed record TwinKind(string Group, string Version, string Plural, string Kind)
{
    public static readonly TwinKind Service = new("", "v1", "services", "Service");
    public static readonly TwinKind Deployment = new("apps", "v1", "deployments", "Deployment");
    public static readonly TwinKind HttpRoute = new("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute");
    public static readonly TwinKind VirtualService = new("networking.istio.io", "v1", "virtualservices", "VirtualService");

    /// <summary>Every kind a run may create, in creation order (routes last: they must find their backends).</summary>
    public static readonly IReadOnlyList<TwinKind> All = [Service, Deployment, HttpRoute, VirtualService];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"services", "httproutes.gateway.networking.k8s.io": what a Role grants and a 403 names.</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The kind of a planned object.</summary>
    /// <exception cref="TwinException">A kind the lifecycle does not create.</exception>
    public static TwinKind Of(JsonObject item)
    {
        var apiVersion = item["apiVersion"]?.GetValue<string>();
        var kind = item["kind"]?.GetValue<string>();
        return All.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind)
               ?? throw new TwinException($"the twin lifecycle does not create {apiVersion} {kind}: only {string.Join(", ", All.Select(k => k.Kind))}");
    }

    public static string NameOf(JsonObject item) => item["metadata"]?["name"]?.GetValue<string>() ?? "";

    public override string ToString() => Kind;
}
