namespace AmbientVerify.Manifests.Versions;

/// <summary>
/// Which Gateway API CRDs the cluster has installed (<c>--gateway-api-channel</c>). The API server prunes every field
/// its CRD schema does not declare, so a field of the experimental channel is silently dropped from an object applied
/// to a standard-channel cluster: Istio never sees it.
/// </summary>
public enum GatewayApiChannel
{
    Standard,
    Experimental,
}

/// <summary>What the channels declare, read from gateway-api's CRDs (<c>config/crd/{standard,experimental}</c>, v1.6.1).</summary>
public static class GatewayApiChannels
{
    /// <summary>The CRD annotation that names a bundle's channel (<c>gateway.networking.k8s.io/channel</c>).</summary>
    public const string ChannelAnnotation = "gateway.networking.k8s.io/channel";

    /// <summary>
    /// HTTPRoute rule fields only the experimental CRD declares (v1.6.1: <c>spec.rules[].retry</c>,
    /// <c>spec.rules[].sessionPersistence</c>, the <c>externalAuth</c> filter); a standard-channel API server drops them.
    /// </summary>
    public static readonly IReadOnlyList<string> ExperimentalOnlyRuleFields = ["retry", "sessionPersistence"];

    public static GatewayApiChannel Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "standard" => GatewayApiChannel.Standard,
        "experimental" => GatewayApiChannel.Experimental,
        _ => throw new FormatException($"gateway-api-channel '{text}' is not a channel (expected standard or experimental)"),
    };

    public static string Name(this GatewayApiChannel channel) => channel.ToString().ToLowerInvariant();
}
