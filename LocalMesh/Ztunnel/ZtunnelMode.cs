using Microsoft.Extensions.Hosting;
using System.Net;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.LocalMesh.Ztunnel;

/// <summary><c>LocalMesh:Mode=ztunnel</c>: the node's ztunnel for every pod the manifests put in ambient.</summary>
public static class ZtunnelMode
{
    /// <exception cref="Manifests.ManifestException">Settings missing or manifests unreadable.</exception>
    /// <exception cref="FormatException">LocalMesh:Ztunnel:Hbone is not host:port.</exception>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LocalMeshOptions.SectionName).Get<LocalMeshOptions>() ?? new LocalMeshOptions();
        var hbone = string.IsNullOrWhiteSpace(options.Ztunnel.Hbone)
            ? new IPEndPoint(IPAddress.Loopback, 0)
            : HostPort.Parse(options.Ztunnel.Hbone, "LocalMesh:Ztunnel:Hbone");
        if (!string.IsNullOrWhiteSpace(options.Ztunnel.Admin))
        {
            builder.WebHost.UseUrls(options.Ztunnel.Admin);
        }

        var dataplane = LocalDataplane.Load(builder.Configuration);
        builder.Services.AddSingleton(dataplane);
        builder.Services.AddSingleton<IstioTcpMetrics>();
        builder.Services.AddSingleton<PodInbound>();
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ZtunnelServer>(services, hbone));
        builder.Services.AddHostedService(services => services.GetRequiredService<ZtunnelServer>());

        var app = builder.Build();
        var ztunnel = app.Services.GetRequiredService<ZtunnelServer>();
        app.MapDataplaneAdmin(ztunnel.Workloads, ProcessIdentity.Current(ProcessComponents.Ztunnel, app.Configuration, LocalMeshModes.Ztunnel));
        return app;
    }
}
