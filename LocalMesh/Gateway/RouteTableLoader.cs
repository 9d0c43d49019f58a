using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Versions;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>Builds the route table from the <c>LocalMesh</c> configuration section and the manifests it names.</summary>
public static class RouteTableLoader
{
    /// <exception cref="ManifestException">
    /// <c>LocalMesh:Manifests</c> is missing, the manifests cannot be read or a cluster would refuse them, the gateway
    /// is unknown or serves no route, or the Istio version / channel is not one the harness knows.
    /// </exception>
    public static RouteTable Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(LocalMeshOptions.SectionName).Get<LocalMeshOptions>() ?? new LocalMeshOptions();
        if (string.IsNullOrWhiteSpace(options.Manifests))
        {
            throw new ManifestException(
                $"{LocalMeshOptions.SectionName}:Manifests is not set: give the directory of rendered manifests "
                + "(e.g. LocalMesh__Manifests=samples/ambient) whose Gateway this local gateway emulates.");
        }

        var manifests = MeshManifests.LoadDirectory(options.Manifests);
        MeshVersions versions;
        try
        {
            versions = GatewayRoutes.Versions(
                manifests,
                string.IsNullOrWhiteSpace(options.IstioVersion) ? null : IstioVersion.Parse(options.IstioVersion),
                string.IsNullOrWhiteSpace(options.GatewayApiChannel) ? null : GatewayApiChannels.Parse(options.GatewayApiChannel));
        }
        catch (FormatException error)
        {
            throw new ManifestException($"{LocalMeshOptions.SectionName}: {error.Message}");
        }

        AmbientVerify.Manifests.Validation.AdmissionWebhook.ThrowIfRefused(manifests, versions);
        var gateway = GatewayRoutes.SelectMainGateway(manifests, string.IsNullOrWhiteSpace(options.GatewayName) ? null : options.GatewayName);
        var routing = GatewayRoutes.Resolve(manifests, gateway, versions);
        if (routing.Routes.Count == 0)
        {
            throw new ManifestException(
                $"{options.Manifests}: no HTTPRoute or VirtualService route is served by {gateway.Ref}: the gateway would serve nothing."
                + (routing.Findings.FirstOrDefault(f => f.Verdict != Manifests.Routing.FindingVerdict.Pass) is { } why ? $" ({why.Message})" : ""));
        }

        return new RouteTable(routing, options.DefaultHttpRetryPolicy?.ToIstio())
        {
            Origin = $"{gateway.Ref} from {Path.GetFullPath(options.Manifests)} ({versions})",
        };
    }
}
