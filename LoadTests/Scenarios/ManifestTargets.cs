using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Validation;
using AmbientVerify.Probes.Running;

namespace AmbientVerify.LoadTests.Scenarios;

/// <summary>
/// The routes of the main gateway that a load test can send to, read exactly as Probes reads them (LoadDirectory,
/// Versions, SelectMainGateway, Resolve, then <see cref="ProbeTargets.For(Manifests.Routing.GatewayRouting)"/>): a route whose
/// request Probes could not build, or that an earlier route shadows, is left out and listed in <see cref="Skipped"/>.
/// </summary>
public sealed record ManifestTargets(string Directory, string Gateway, IReadOnlyList<ProbeTarget> Targets, IReadOnlyList<ProbeTarget> Skipped)
{
    /// <exception cref="ManifestException">The manifests cannot be read, a cluster would refuse them, or no route can be sent to.</exception>
    public static ManifestTargets Load(string directory, string? gatewayName = null)
    {
        var manifests = MeshManifests.LoadDirectory(directory);
        var versions = GatewayRoutes.Versions(manifests);
        AdmissionWebhook.ThrowIfRefused(manifests, versions);
        var gateway = GatewayRoutes.SelectMainGateway(manifests, gatewayName);
        var routing = GatewayRoutes.Resolve(manifests, gateway, versions);
        var all = ProbeTargets.For(routing);
        var targets = all.Where(t => t.Request is not null).ToList();
        if (targets.Count == 0)
        {
            throw new ManifestException($"{directory}: {gateway.Describe()} has no route a request can be built for: nothing to load"
                                        + (all.FirstOrDefault()?.Problem is { } why ? $" ({why})" : ""));
        }

        return new ManifestTargets(directory, gateway.Describe(), targets, all.Where(t => t.Request is null).ToList());
    }
}
