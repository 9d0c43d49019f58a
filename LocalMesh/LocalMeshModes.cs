using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Sidecar;
using AmbientVerify.LocalMesh.Ztunnel;
using AmbientVerify.Manifests;

namespace AmbientVerify.LocalMesh;

/// <summary>Picks the role of this process from <c>LocalMesh:Mode</c>.</summary>
public static class LocalMeshModes
{
    public const string Gateway = "gateway";
    public const string Ztunnel = "ztunnel";
    public const string Sidecar = "sidecar";

    /// <summary>"LocalMesh ztunnel ..." is the same as "--LocalMesh:Mode=ztunnel ...".</summary>
    public static string[] TakeModeArgument(string[] args) =>
        args is [var first, .. var rest] && first is Gateway or Ztunnel or Sidecar
            ? [$"--{LocalMeshOptions.SectionName}:Mode={first}", .. rest]
            : args;

    /// <exception cref="ManifestException">Unknown mode, or the mode's settings/manifests are wrong.</exception>
    /// <exception cref="FormatException">A host:port setting is malformed.</exception>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var mode = builder.Configuration[$"{LocalMeshOptions.SectionName}:Mode"];
        return (string.IsNullOrWhiteSpace(mode) ? Gateway : mode.Trim().ToLowerInvariant()) switch
        {
            Gateway => GatewayMode.Build(builder),
            Ztunnel => ZtunnelMode.Build(builder),
            Sidecar => SidecarMode.Build(builder),
            _ => throw new ManifestException($"{LocalMeshOptions.SectionName}:Mode='{mode}' is not one of {Gateway}, {Ztunnel}, {Sidecar}"),
        };
    }
}
