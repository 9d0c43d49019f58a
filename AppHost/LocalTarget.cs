using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.AppHost;

/// <summary>
/// What the local target is made of, read from the manifests (never from a fixed list of services): the
/// directory, the parsed objects and the Services to stand in for.
/// </summary>
public sealed class LocalTarget
{
    public const string GatewayResourceName = "localmesh";
    public const string ProbesResourceName = "probes";

    /// <summary>The gateway's admin endpoint (its /health, /metrics, /__mesh/routes); its "http" endpoint carries the chart's routes.</summary>
    public const string GatewayAdminEndpointName = "admin";

    public required string ManifestDirectory { get; init; }
    public required MeshManifests Manifests { get; init; }
    /// <summary>The Services that get a stand-in (<see cref="NeededServices"/>), sorted by name then namespace.</summary>
    public required IReadOnlyList<Workload> StandIns { get; init; }
    public required string ExpectedMode { get; init; }
    public required MeshTopology Topology { get; init; }

    /// <summary>Labels assumed for namespaces the manifests use without a Namespace object (empty when they have them all).</summary>
    public IReadOnlyList<NamespaceLabel> AssumedNamespaceLabels { get; init; } = [];

    /// <summary>
    /// Where this run's mesh CA lives (made by the first dataplane process that starts; see LocalMesh's MeshCa).
    /// One per run, removed when the AppHost ends, so no key outlives the run.
    /// </summary>
    public required string MeshCaDirectory { get; init; }

    /// <summary>Reads and validates the manifests up front, so a bad chart fails before anything starts.</summary>
    /// <exception cref="ManifestException">The manifests cannot be read, a cluster would refuse them, or no gateway route exists.</exception>
    public static LocalTarget Load(AppHostOptions options, string appHostDirectory)
    {
        var directory = options.ResolveManifestDirectory(appHostDirectory);
        var rendered = MeshManifests.LoadDirectory(directory);
        // A chart rendered without its Namespace object: every process of the run assumes the same labels for it.
        var assumed = NamespaceAssumptions.For(rendered, options.ExpectedMode, options.NamespaceLabels);
        var manifests = NamespaceAssumptions.Apply(rendered, assumed);
        var versions = GatewayRoutes.Versions(manifests, options.IstioVersion, options.GatewayApiChannel);
        AmbientVerify.Manifests.Validation.AdmissionWebhook.ThrowIfRefused(manifests, versions);
        var gateway = GatewayRoutes.SelectMainGateway(manifests, options.GatewayName);
        var routing = GatewayRoutes.Resolve(manifests, gateway, versions);
        if (routing.RoutesWithBackends.Count == 0)
        {
            throw new ManifestException(
                $"{directory}: {gateway.Describe()} serves no route with a backend: nothing to probe."
                + (routing.WhyNothingToProbe is { } why ? $" ({why.Message})" : ""));
        }

        if (!options.AllowMissingBackends && routing.MissingBackends is [_, ..] missing)
        {
            // A stand-in cannot be made for a Service the chart does not render, and the run would only print the
            // gateway's 500s; say which route and which Service before anything starts.
            var lines = missing.Select(m => $"  {m.Route.Id.Kind} {m.Route.Id.Namespace}/{m.Route.Id.Name} rule {m.Route.Id.Rule} " +
                                            $"sends to Service {m.Backend.Namespace}/{m.Backend.Service}, which the manifests do not define")
                .Distinct();
            throw new ManifestException(
                $"{directory}: routes on Gateway {gateway.Ref.Namespace}/{gateway.Ref.Name} name Services that are not rendered:\n" +
                string.Join("\n", lines) +
                "\nRender those Services too (or fix the names), or give --allow-missing-backends to probe the rest (those routes never pass).");
        }

        var needed = NeededServices.Of(routing);
        var standIns = AmbientVerify.Manifests.Workloads.Resolve(manifests).Where(w => needed.Contains(w.Service)).ToList();
        if (standIns.Count == 0)
        {
            throw new ManifestException(
                $"{directory}: no route on Gateway {gateway.Ref.Namespace}/{gateway.Ref.Name} sends to a Service the manifests render: nothing to probe.");
        }

        return new LocalTarget
        {
            ManifestDirectory = directory,
            Manifests = manifests,
            StandIns = standIns,
            ExpectedMode = options.ExpectedMode,
            AssumedNamespaceLabels = assumed,
            Topology = MeshTopology.From(manifests),
            // Only the path: the first dataplane process creates it (MeshCa.LoadOrCreate), so a run that never starts
            // a dataplane, or a test that only loads the target, leaves nothing behind.
            MeshCaDirectory = Path.Combine(Path.GetTempPath(), "ambientverify-meshca-" + Guid.NewGuid().ToString("N")),
        };
    }

    /// <summary>
    /// Hands a LocalMesh process (gateway, ztunnel, sidecar) the manifests as this run reads them: the directory and the
    /// labels assumed for namespaces it lacks, so every process sees the same dataplane.
    /// </summary>
    public IResourceBuilder<ExecutableResource> GiveManifestsTo(IResourceBuilder<ExecutableResource> localMesh) =>
        localMesh
            .WithEnvironment("LocalMesh__Manifests", ManifestDirectory)
            .WithEnvironment("LocalMesh__AssumeNamespaceLabels", NamespaceAssumptions.Format(AssumedNamespaceLabels));

    /// <summary>Deletes the run's mesh CA (its private key included).</summary>
    public void RemoveMeshCa()
    {
        if (Directory.Exists(MeshCaDirectory))
        {
            Directory.Delete(MeshCaDirectory, recursive: true);
        }
    }
}
