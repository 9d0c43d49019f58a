using System.Globalization;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.AppHost;

/// <summary>
/// The Aspire resources of the dataplane between the gateway and the pods, as the manifests' topology asks for it:
/// one ztunnel for every captured pod (ambient) and one sidecar stand-in per pod that carries a sidecar. Both are
/// the LocalMesh binary in another mode (its <c>LocalDataplane</c> is what runs inside them) and do real mutual TLS
/// with SPIFFE identities issued by the run's mesh CA.
/// </summary>
public sealed class DataplaneResources
{
    public const string ZtunnelResourceName = "ztunnel";

    /// <summary>The admin endpoints (/workloads, /metrics) of every dataplane component, for the probes' inspector.</summary>
    public List<EndpointReference> AdminEndpoints { get; } = [];

    /// <summary>The ztunnel and sidecar resources: the probes start once they have started, then wait for their /health.</summary>
    public List<IResourceBuilder<ExecutableResource>> Components { get; } = [];

    /// <summary>Environment the gateway needs to dial each pod through its dataplane.</summary>
    public List<(string Name, object Value)> GatewayEnvironment { get; } = [];

    public static DataplaneResources Add(
        IDistributedApplicationBuilder builder,
        LocalTarget target,
        StandInResources standIns)
    {
        var dataplane = new DataplaneResources();
        dataplane.GatewayEnvironment.Add(("LocalMesh__MeshCa", target.MeshCaDirectory));

        var routed = target.Topology.Workloads.Where(w => w.ServiceName is not null && standIns.Listeners.ContainsKey(w.ServiceName)).ToList();
        // An ambient mesh runs ztunnel on every node whether or not a namespace opted in, so the evidence of
        // "nothing captured" can be read from it; a sidecar-only mesh without captured pods has none.
        if (target.ExpectedMode == "ambient" || routed.Any(w => w.Pods.Any(p => p.Dataplane == PodDataplane.Ztunnel)))
        {
            var hbone = Loopback(FreePort.Next());
            var ztunnel = target.GiveManifestsTo(builder.AddBuiltProject<Projects.LocalMesh>(ZtunnelResourceName))
                .WithEnvironment("LocalMesh__Mode", "ztunnel")
                .WithEnvironment("LocalMesh__MeshCa", target.MeshCaDirectory)
                .WithEnvironment("LocalMesh__Ztunnel__Hbone", hbone);
            foreach (var workload in routed)
            {
                // No WaitFor: the dataplane dials the app lazily, so it can start beside the stand-ins, which takes one
                // start-up phase off every run.
                ztunnel.WithEnvironment($"LocalMesh__Backends__{workload.ServiceName}", standIns.Listeners[workload.ServiceName!]);
            }

            var admin = ztunnel.GetEndpoint("http");
            ztunnel.WithEnvironment("LocalMesh__Ztunnel__Admin", admin);
            dataplane.AdminEndpoints.Add(admin);
            dataplane.GatewayEnvironment.Add(("LocalMesh__Ztunnel__Hbone", hbone));
            dataplane.GatewayEnvironment.Add(("LocalMesh__Ztunnel__Admin", admin));
            dataplane.Components.Add(ztunnel);
        }

        // One sidecar process per pod, as a cluster runs one istio-proxy per pod: the resource comparison measures them.
        foreach (var workload in routed)
        {
            var app = standIns.Listeners[workload.ServiceName!];
            foreach (var (pod, index) in workload.Pods.Select((pod, index) => (pod, index)).Where(p => p.pod.Dataplane == PodDataplane.Sidecar))
            {
                var sidecar = target.GiveManifestsTo(builder.AddBuiltProject<Projects.LocalMesh>($"{target.ResourceNameOf(workload.ServiceName!)}-sidecar-{index}"))
                    .WithEnvironment("LocalMesh__Mode", "sidecar")
                    .WithEnvironment("LocalMesh__MeshCa", target.MeshCaDirectory)
                    .WithEnvironment("LocalMesh__Sidecar__Workload", workload.Name)
                    .WithEnvironment("LocalMesh__Sidecar__Pod", pod.Name)
                    .WithEnvironment("LocalMesh__Sidecar__Inbound", Loopback(FreePort.Next()))
                    .WithEnvironment($"LocalMesh__Backends__{workload.ServiceName}", app);
                var admin = sidecar.GetEndpoint("http");
                sidecar.WithEnvironment("LocalMesh__Sidecar__Admin", admin);
                dataplane.AdminEndpoints.Add(admin);
                dataplane.GatewayEnvironment.Add(($"LocalMesh__Sidecars__{pod.Name}__Admin", admin));
                dataplane.Components.Add(sidecar);
            }
        }

        return dataplane;
    }

    private static string Loopback(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Hands the dataplane's addresses to the gateway.</summary>
public static class DataplaneResourcesExtensions
{
    public static IResourceBuilder<ExecutableResource> WithDataplane(this IResourceBuilder<ExecutableResource> gateway, DataplaneResources dataplane)
    {
        foreach (var (name, value) in dataplane.GatewayEnvironment)
        {
            _ = value switch
            {
                EndpointReference endpoint => gateway.WithEnvironment(name, endpoint),
                _ => gateway.WithEnvironment(name, value.ToString()),
            };
        }

        return gateway;
    }
}
