using Microsoft.Extensions.Hosting;
using System.Net;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.LocalMesh.Sidecar;

/// <summary>
/// <c>LocalMesh:Mode=sidecar</c>: the sidecar of one pod (<c>LocalMesh:Sidecar:Pod</c>, one process per pod as in a
/// cluster), or of every pod of one workload (<c>LocalMesh:Sidecar:Workload</c> alone), one inbound listener per pod.
/// </summary>
public static class SidecarMode
{
    /// <exception cref="ManifestException">Settings missing, manifests unreadable, or the workload is unknown.</exception>
    /// <exception cref="FormatException">LocalMesh:Sidecar:Inbound is not host:port.</exception>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LocalMeshOptions.SectionName).Get<LocalMeshOptions>() ?? new LocalMeshOptions();
        var dataplane = LocalDataplane.Load(builder.Configuration);
        var workload = SidecarWorkload(dataplane, options);
        var pods = string.IsNullOrWhiteSpace(options.Sidecar.Pod)
            ? workload.Pods
            : [workload.Pods.FirstOrDefault(p => string.Equals(p.Name, options.Sidecar.Pod, StringComparison.Ordinal))
               ?? throw new ManifestException(
                   $"LocalMesh:Sidecar:Pod='{options.Sidecar.Pod}' is not a pod of Deployment {workload.Name} "
                   + $"(its pods: {string.Join(", ", workload.Pods.Select(p => p.Name))})")];
        var inbound = string.IsNullOrWhiteSpace(options.Sidecar.Inbound)
            ? new IPEndPoint(IPAddress.Loopback, 0)
            : HostPort.Parse(options.Sidecar.Inbound, "LocalMesh:Sidecar:Inbound");
        if (!string.IsNullOrWhiteSpace(options.Sidecar.Admin))
        {
            builder.WebHost.UseUrls(options.Sidecar.Admin);
        }

        builder.Services.AddSingleton(dataplane);
        builder.Services.AddSingleton<IstioTcpMetrics>();
        builder.Services.AddSingleton<PodInbound>();
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<SidecarServer>(services, workload, pods, inbound));
        builder.Services.AddHostedService(services => services.GetRequiredService<SidecarServer>());

        var app = builder.Build();
        // The sidecar of each pod it serves, named as the snapshot names a sidecar: namespace/pod.
        var identity = new ProcessIdentity(Environment.ProcessId, ProcessComponents.Sidecar, string.Join(",", pods.Select(p => p.Id.ToString())));
        app.MapDataplaneAdmin(app.Services.GetRequiredService<SidecarServer>().Workloads, identity);
        return app;
    }

    /// <summary>The Deployment <c>Sidecar:Workload</c> names, in <c>Sidecar:Namespace</c> (needed when two namespaces have one).</summary>
    private static WorkloadTopology SidecarWorkload(LocalDataplane dataplane, LocalMeshOptions options)
    {
        var named = dataplane.Topology.Workloads
            .Where(w => string.Equals(w.Name, options.Sidecar.Workload, StringComparison.Ordinal)
                        && (string.IsNullOrWhiteSpace(options.Sidecar.Namespace) || w.Namespace == options.Sidecar.Namespace))
            .ToList();
        return named switch
        {
            [var one] => one,
            [] => throw new ManifestException(
                $"LocalMesh:Sidecar:Workload='{options.Sidecar.Workload}' (namespace '{options.Sidecar.Namespace}') is not a Deployment of {options.Manifests} "
                + $"(known: {string.Join(", ", dataplane.Topology.Workloads.Select(w => w.Deployment))})"),
            _ => throw new ManifestException(
                $"LocalMesh:Sidecar:Workload='{options.Sidecar.Workload}' is a Deployment in {string.Join(" and ", named.Select(w => w.Namespace))}: "
                + "set LocalMesh:Sidecar:Namespace"),
        };
    }
}
