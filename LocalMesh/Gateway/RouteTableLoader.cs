using AmbientVerify.Manifests;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>Builds the route table from the <c>LocalMesh</c> configuration section and the manifests it names.</summary>
public static class RouteTableLoader
{
    /// <exception cref="ManifestException">
    /// <c>LocalMesh:Manifests</c> is missing, the manifests cannot be read or a cluster would refuse them, the gateway
    /// is unknown or serves no route.
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
        AmbientVerify.Manifests.Validation.AdmissionWebhook.ThrowIfRefused(manifests);
        var gateway = GatewayRoutes.SelectMainGateway(manifests, string.IsNullOrWhiteSpace(options.GatewayName) ? null : options.GatewayName);
        var routes = GatewayRoutes.Resolve(manifests, gateway);
        if (routes.Count == 0)
        {
            throw new ManifestException(
                $"{options.Manifests}: no HTTPRoute or VirtualService is attached to {gateway.Ref}: the gateway would serve nothing.");
        }

        return new RouteTable(routes, options.DefaultHttpRetryPolicy?.ToIstio())
        {
            Origin = $"{gateway.Ref} from {Path.GetFullPath(options.Manifests)}",
        };
    }
}
