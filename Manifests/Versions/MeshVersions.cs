namespace AmbientVerify.Manifests.Versions;

/// <summary>
/// The Istio version and Gateway API channel a run assumes, and where each came from, so every report can say what
/// its verdicts rest on.
/// </summary>
/// <param name="ChannelSource">"--gateway-api-channel", "the HTTPRoute CRD in the manifests (file:line)", or "default".</param>
public sealed record MeshVersions(IstioVersion Istio, GatewayApiChannel Channel, string ChannelSource = "default")
{
    public static readonly MeshVersions Default = new(IstioVersion.Default, GatewayApiChannel.Experimental);

    public override string ToString() => $"Istio {Istio}, Gateway API {Channel.Name()} channel ({ChannelSource})";
}
