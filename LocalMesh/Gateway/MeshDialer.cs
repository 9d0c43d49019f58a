using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.LocalMesh.Ztunnel;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// How the gateway reaches pods when the local mesh has a dataplane: the next pod of the Service for every try
/// (round robin, see <see cref="MeshPodSelectionHandler"/>), dialled the way Istio's gateway would:
/// a ztunnel-captured pod over mTLS to the ztunnel's HBONE port with a CONNECT to "&lt;pod&gt;.&lt;ns&gt;:&lt;port&gt;";
/// a pod with a sidecar over mTLS straight to its sidecar's inbound listener; any other pod in plaintext to the app.
/// The gateway presents its own identity and requires the pod's (Istio verifies the destination's SAN).
/// </summary>
public sealed class MeshDialer(MeshDialing mesh, ILogger<MeshDialer> logger)
{
    /// <summary>The Service a request is for; set by the router on every upstream request.</summary>
    public static readonly HttpRequestOptionsKey<NamespacedName> ServiceKey = new("localmesh.service");

    /// <summary>The pod a try goes to; set by <see cref="MeshPodSelectionHandler"/>.</summary>
    public static readonly HttpRequestOptionsKey<PodTopology> PodKey = new("localmesh.pod");

    private readonly Dictionary<NamespacedName, int> _nextPod = [];
    private readonly MeshTopology topology = mesh.Topology;
    private readonly MeshIdentities identities = mesh.Identities;
    private readonly IPEndPoint? hbone = mesh.Hbone;
    private readonly SidecarDirectory sidecars = mesh.Sidecars;

    public SpiffeId GatewayIdentity { get; } = mesh.GatewayIdentity;

    /// <summary>SocketsHttpHandler.ConnectCallback.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var pod = context.InitialRequestMessage.Options.TryGetValue(PodKey, out var chosen) ? chosen : null;
        switch (pod?.Dataplane)
        {
            case PodDataplane.Ztunnel when hbone is not null:
                return await ThroughZtunnelAsync(pod, cancellationToken);
            case PodDataplane.Sidecar when await sidecars.InboundOfAsync(pod, cancellationToken) is { } inbound:
                return await MutualTlsAsync(inbound, pod, cancellationToken);
            default:
                return await PlaintextAsync(context.DnsEndPoint, cancellationToken);
        }
    }

    /// <summary>
    /// Whether connections to <paramref name="pod"/> go through a dataplane (ztunnel or its sidecar), and so need a
    /// connection pool of their own; pods without one are dialled at the app like any plain backend.
    /// </summary>
    public bool DialsThroughDataplane(PodTopology pod) => pod.Dataplane switch
    {
        PodDataplane.Ztunnel => hbone is not null,
        PodDataplane.Sidecar => sidecars.Knows(pod),
        _ => false,
    };

    /// <summary>The next pod of the workload behind <paramref name="service"/> (in its own namespace); null when the topology has none.</summary>
    public PodTopology? NextPod(NamespacedName service)
    {
        var workload = topology.ForService(service.Name, service.Namespace);
        if (workload is not { Pods.Count: > 0 })
        {
            return null;
        }

        lock (_nextPod)
        {
            var index = _nextPod.GetValueOrDefault(workload.Deployment);
            _nextPod[workload.Deployment] = (index + 1) % workload.Pods.Count;
            return workload.Pods[index];
        }
    }

    private async Task<Stream> ThroughZtunnelAsync(PodTopology pod, CancellationToken cancellationToken)
    {
        var tunnel = await MutualTlsAsync(hbone!, pod, cancellationToken);
        try
        {
            var port = topology.Workloads.First(w => w.Name == pod.Workload && w.Namespace == pod.Namespace).Port;
            await tunnel.WriteAsync(HboneConnect.Request($"{pod.QualifiedName}:{port}"), cancellationToken);
            var head = await HboneConnect.ReadHeadAsync(tunnel, cancellationToken);
            var status = head is null ? null : HboneConnect.StatusOf(head);
            if (status != 200)
            {
                // Envoy sees a failed HBONE CONNECT as an upstream connect failure.
                throw new IOException($"HBONE CONNECT to {pod.QualifiedName} via {hbone} answered {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
            }

            return tunnel;
        }
        catch
        {
            await tunnel.DisposeAsync();
            throw;
        }
    }

    private async Task<SslStream> MutualTlsAsync(IPEndPoint endpoint, PodTopology pod, CancellationToken cancellationToken)
    {
        var network = await ConnectAsync(endpoint, cancellationToken);
        var tls = new SslStream(network);
        try
        {
            var options = MutualTls.Client(identities.Ca, identities.CertificateFor(GatewayIdentity), pod.Identity, pod.QualifiedName);
            await tls.AuthenticateAsClientAsync(options, cancellationToken);
            return tls;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogInformation("mTLS to {Pod} at {Endpoint} failed: {Error}", pod.QualifiedName, endpoint, error.Message);
            await tls.DisposeAsync();
            throw;
        }
    }

    private static async Task<Stream> PlaintextAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<NetworkStream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>What the gateway needs to dial through the local dataplane.</summary>
/// <param name="Hbone">The ztunnel's HBONE address; null without a ztunnel.</param>
public sealed record MeshDialing(MeshTopology Topology, MeshIdentities Identities, SpiffeId GatewayIdentity, IPEndPoint? Hbone, SidecarDirectory Sidecars)
{
    /// <summary>
    /// The dialing settings when <c>LocalMesh:Ztunnel:Hbone</c> or any <c>LocalMesh:Sidecars:&lt;namespace&gt;:&lt;pod or workload&gt;:Admin</c> is set;
    /// null otherwise (the gateway then connects exactly as without a mesh).
    /// </summary>
    /// <exception cref="ManifestException">LocalMesh:MeshCa or LocalMesh:Manifests missing, or manifests unreadable.</exception>
    /// <exception cref="FormatException">LocalMesh:Ztunnel:Hbone is not host:port.</exception>
    public static MeshDialing? FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(LocalMeshOptions.SectionName).Get<LocalMeshOptions>() ?? new LocalMeshOptions();
        var sidecarAdmins = options.Sidecars
            .SelectMany(ns => ns.Value.Select(s => (Id: new NamespacedName(ns.Key, s.Key), s.Value.Admin)))
            .Where(s => Uri.TryCreate(s.Admin, UriKind.Absolute, out _))
            .ToDictionary(s => s.Id, s => new Uri(s.Admin!));
        if (string.IsNullOrWhiteSpace(options.Ztunnel.Hbone) && sidecarAdmins.Count == 0)
        {
            return null;
        }

        var dataplane = LocalDataplane.Load(configuration);
        var manifests = MeshManifests.LoadDirectory(options.Manifests!);
        var gateway = GatewayRoutes.SelectMainGateway(manifests, string.IsNullOrWhiteSpace(options.GatewayName) ? null : options.GatewayName);
        return new MeshDialing(
            dataplane.Topology,
            dataplane.Identities,
            gateway.Identity(dataplane.Topology.TrustDomain),
            string.IsNullOrWhiteSpace(options.Ztunnel.Hbone) ? null : HostPort.Parse(options.Ztunnel.Hbone, "LocalMesh:Ztunnel:Hbone"),
            new SidecarDirectory(sidecarAdmins));
    }
}
