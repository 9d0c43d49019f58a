using System.Globalization;
using AmbientVerify.Manifests;
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

        // The workloads behind the stand-ins (the Services the gateway routes to): the pods the checks inspect.
        var routed = target.Topology.Workloads.Where(w => w.Service is { } service && standIns.Listeners.ContainsKey(service)).ToList();
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
                ztunnel.WithEnvironment(Variable(LocalMeshKeys.Backend(workload.Service!.Value)), standIns.Listeners[workload.Service.Value]);
            }

            var admin = ztunnel.GetEndpoint("http");
            ztunnel.WithEnvironment("LocalMesh__Ztunnel__Admin", admin);
            dataplane.AdminEndpoints.Add(admin);
            dataplane.GatewayEnvironment.Add(("LocalMesh__Ztunnel__Hbone", hbone));
            dataplane.GatewayEnvironment.Add(("LocalMesh__Ztunnel__Admin", admin));
            dataplane.Components.Add(ztunnel);
        }

        // One sidecar process per pod, as a cluster runs one istio-proxy per pod: the resource comparison measures them.
        var resourceNames = new AspireNames(StandInResources.ResourceName, LocalTarget.GatewayResourceName, LocalTarget.ProbesResourceName, ZtunnelResourceName);
        foreach (var workload in routed)
        {
            var service = workload.Service!.Value;
            var app = standIns.Listeners[service];
            foreach (var (pod, index) in workload.Pods.Select((pod, index) => (pod, index)).Where(p => p.pod.Dataplane == PodDataplane.Sidecar))
            {
                var name = resourceNames.For(pod.Id.ToString(), $"{standIns.DisplayNames[service]}-sidecar-{index}");
                var sidecar = target.GiveManifestsTo(builder.AddBuiltProject<Projects.LocalMesh>(name))
                    .WithEnvironment("LocalMesh__Mode", "sidecar")
                    .WithEnvironment("LocalMesh__MeshCa", target.MeshCaDirectory)
                    .WithEnvironment("LocalMesh__Sidecar__Workload", workload.Name)
                    .WithEnvironment("LocalMesh__Sidecar__Namespace", workload.Namespace)
                    .WithEnvironment("LocalMesh__Sidecar__Pod", pod.Name)
                    .WithEnvironment("LocalMesh__Sidecar__Inbound", Loopback(FreePort.Next()))
                    .WithEnvironment(Variable(LocalMeshKeys.Backend(service)), app);
                var admin = sidecar.GetEndpoint("http");
                sidecar.WithEnvironment("LocalMesh__Sidecar__Admin", admin);
                dataplane.AdminEndpoints.Add(admin);
                dataplane.GatewayEnvironment.Add((Variable(LocalMeshKeys.SidecarAdmin(pod.Id)), admin));
                dataplane.Components.Add(sidecar);
            }
        }

        return dataplane;
    }

    private static string Variable(string key) => LocalMeshKeys.AsEnvironmentVariable(key);

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
