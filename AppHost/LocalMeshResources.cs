using AmbientVerify.Manifests;

namespace AmbientVerify.AppHost;

/// <summary>
/// The local target's processes for one set of manifests: the stand-ins, the dataplane and the gateway in front of
/// them. What drives traffic through them (the probes of a gate or a dashboard run, the load of a comparison) is
/// added by the caller.
/// </summary>
public sealed class LocalMeshResources
{
    private LocalMeshResources(
        StandInResources standIns,
        DataplaneResources dataplane,
        IResourceBuilder<ExecutableResource> gateway,
        IReadOnlyList<(IResourceBuilder<ExecutableResource> Process, EndpointReference Health)> processes)
    {
        StandIns = standIns;
        Dataplane = dataplane;
        Gateway = gateway;
        Processes = processes;
    }

    public StandInResources StandIns { get; }
    public DataplaneResources Dataplane { get; }

    /// <summary>The LocalMesh gateway; its <c>http</c> endpoint carries the chart's routes.</summary>
    public IResourceBuilder<ExecutableResource> Gateway { get; }

    /// <summary>The gateway's traffic endpoint: where probes and load are sent.</summary>
    public EndpointReference GatewayTraffic => Gateway.GetEndpoint("http");

    /// <summary>
    /// Every process of the target with the endpoint that answers its /health (and <c>/__process</c>): what a driver
    /// waits for before the first request, and what a resource snapshot samples.
    /// </summary>
    public IReadOnlyList<(IResourceBuilder<ExecutableResource> Process, EndpointReference Health)> Processes { get; }

    public static LocalMeshResources Add(IDistributedApplicationBuilder builder, AppHostOptions options, LocalTarget target)
    {
        // Stand-ins: one FaultTarget process, one listener per Service the gateway routes to (NeededServices), answering as
        // that Service and obeying the fault protocol.
        var standIns = StandInResources.Add(builder, target);

        // The dataplane: ztunnel for captured pods, a sidecar stand-in per pod with a sidecar, mTLS from the run's mesh CA.
        var dataplane = DataplaneResources.Add(builder, target, standIns);

        // The gateway: Istio ingress semantics built from the same manifests, dialing each pod through its dataplane. Its own
        // endpoints (/health, /metrics, /__mesh/routes) are on an admin port, so every path of the gateway port is the chart's.
        var gateway = target.GiveManifestsTo(builder.AddBuiltProject<Projects.LocalMesh>(LocalTarget.GatewayResourceName))
            .WithFreeHttpEndpoint(LocalTarget.GatewayAdminEndpointName)
            .WithEnvironment("LocalMesh__GatewayName", options.GatewayName ?? "")
            .WithEnvironment("LocalMesh__IstioVersion", options.IstioVersion?.ToString() ?? "")
            .WithEnvironment("LocalMesh__GatewayApiChannel", options.GatewayApiChannel?.ToString().ToLowerInvariant() ?? "")
            .WithDataplane(dataplane);
        gateway.WithEnvironment(LocalMeshKeys.AsEnvironmentVariable(LocalMeshKeys.GatewayAdmin), gateway.GetEndpoint(LocalTarget.GatewayAdminEndpointName));
        foreach (var (service, listener) in standIns.Listeners)
        {
            gateway.WithEnvironment(LocalMeshKeys.AsEnvironmentVariable(LocalMeshKeys.Backend(service)), listener);
        }

        (IResourceBuilder<ExecutableResource> Process, EndpointReference Health)[] processes =
        [
            (gateway, gateway.GetEndpoint(LocalTarget.GatewayAdminEndpointName)),
            (standIns.Process, standIns.Health),
            .. dataplane.Components.Select(c => (c, c.GetEndpoint("http"))),
        ];
        return new LocalMeshResources(standIns, dataplane, gateway, processes);
    }
}
