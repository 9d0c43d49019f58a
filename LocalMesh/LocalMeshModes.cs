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

    /// <summary>
    /// The host every mode is built on (Program.cs and the tests alike). Only the gateway adds the service defaults
    /// (OpenTelemetry, health checks; see <see cref="GatewayMode"/>): the dataplane's /metrics are Istio's own, and a
    /// run starts one dataplane process per pod, each paying for whatever its host sets up.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string? environmentName = null) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = TakeModeArgument(args), EnvironmentName = environmentName });

    /// <summary>"LocalMesh ztunnel ..." is the same as "--LocalMesh:Mode=ztunnel ...".</summary>
    public static string[] TakeModeArgument(string[] args) =>
        args is [var first, .. var rest] && first is Gateway or Ztunnel or Sidecar
            ? [$"--{LocalMeshOptions.SectionName}:Mode={first}", .. rest]
            : args;

    /// <summary>Builds the mode's app on a builder from <see cref="CreateBuilder"/>.</summary>
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
