using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.Manifests.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Ztunnel;

/// <summary>
/// The node's ztunnel: the HBONE listener (mTLS + CONNECT to a captured pod) and, per captured pod, the plaintext
/// "pod address" that in Kubernetes is redirected into ztunnel and that PeerAuthentication guards.
/// </summary>
public sealed class ZtunnelServer(LocalDataplane dataplane, PodInbound inbound, IPEndPoint hboneEndpoint, ILogger<ZtunnelServer> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>Whose certificate the ztunnel presents when the SNI names no captured pod.</summary>
    public static SpiffeId OwnIdentity(MeshTopology topology) => new(topology.TrustDomain, "istio-system", "ztunnel");

    private readonly Dictionary<string, SocketListener> _podListeners = new(StringComparer.Ordinal);
    private SocketListener? _hbone;

    /// <summary>The bound HBONE address (its real port when configured with port 0).</summary>
    public IPEndPoint HboneEndpoint => _hbone?.Endpoint ?? throw new InvalidOperationException("ztunnel not started");

    /// <summary>The pods ztunnel captures.</summary>
    public IEnumerable<PodTopology> CapturedPods => dataplane.Topology.Pods.Where(p => p.Dataplane == PodDataplane.Ztunnel);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Ready means holding the certificates it presents: its own and every captured pod's (ztunnel fetches one per
        // local workload identity before it serves them).
        dataplane.Identities.Prepare(CapturedPods.Select(p => p.Identity).Append(OwnIdentity(dataplane.Topology)));
        _hbone = SocketListener.Bind(hboneEndpoint);
        _hbone.Start(HandleHboneAsync, logger);
        foreach (var pod in CapturedPods)
        {
            var listener = SocketListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Start((socket, token) => inbound.PlaintextAsync(socket, pod, token), logger);
            _podListeners[pod.QualifiedName] = listener;
        }

        logger.LogInformation("ztunnel: HBONE on {Hbone}, {Count} captured pods", HboneEndpoint, _podListeners.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary><c>istioctl ztunnel-config workloads</c>: every pod of the topology, HBONE for the captured ones.</summary>
    public IReadOnlyList<WorkloadEntry> Workloads() =>
        dataplane.Topology.Pods.Select(pod =>
        {
            var captured = _podListeners.TryGetValue(pod.QualifiedName, out var listener);
            var address = captured
                ? HostPort.Of(listener!.Endpoint)
                : dataplane.BackendOf(dataplane.WorkloadOf(pod)) is { } app ? HostPort.Of(app) : "";
            return new WorkloadEntry(pod.Namespace, pod.Name, address, WorkloadEntry.LocalNode, WorkloadEntry.NoWaypoint,
                captured ? WorkloadEntry.Hbone : WorkloadEntry.Tcp, pod.Workload, pod.ServiceAccount, pod.Identity.ToString(),
                pod.Dataplane.ToString().ToLowerInvariant());
        }).ToList();

    public async ValueTask DisposeAsync()
    {
        var listeners = _podListeners.Values.ToList();
        _podListeners.Clear();
        if (_hbone is not null)
        {
            listeners.Add(_hbone);
            _hbone = null;
        }

        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }
    }

    private async Task HandleHboneAsync(Socket socket, CancellationToken cancellationToken)
    {
        // Like ztunnel's inbound, the certificate shown is the destination workload's: picked by SNI "<pod>.<ns>".
        var peer = await InboundHandshake.AuthenticateAsync(socket, SelectCertificate, InboundHandshake.DefaultTimeout, cancellationToken);
        if (peer is null)
        {
            logger.LogInformation("HBONE connection refused: no mesh identity (plaintext, foreign CA or failed handshake)");
            return;
        }

        await using var tunnel = peer.Stream;
        var head = await HboneConnect.ReadHeadAsync(tunnel, cancellationToken);
        if (head is null || HboneConnect.AuthorityOf(head) is not { } authority)
        {
            await tunnel.WriteAsync(HboneConnect.BadRequest, cancellationToken);
            return;
        }

        var pod = dataplane.Topology.Pod(HboneConnect.HostOf(authority));
        if (pod is not { Dataplane: PodDataplane.Ztunnel } || await inbound.ConnectToAppAsync(pod, cancellationToken) is not { } app)
        {
            logger.LogInformation("HBONE CONNECT {Authority} from {Peer}: no captured pod reachable there", authority, peer.Identity);
            await tunnel.WriteAsync(HboneConnect.Unavailable, cancellationToken);
            return;
        }

        await tunnel.WriteAsync(HboneConnect.Established, cancellationToken);
        var (sourceWorkload, sourceNamespace) = dataplane.WorkloadNamed(peer.Identity);
        var labels = inbound.Labels(pod, sourceWorkload, sourceNamespace, peer.Identity.ToString(), TcpConnectionLabels.MutualTls);
        await inbound.PipeAsync(tunnel, socket, app, labels, cancellationToken);
    }

    private ValueTask<SslServerAuthenticationOptions> SelectCertificate(SslStream stream, SslClientHelloInfo hello, object? state, CancellationToken cancellationToken)
    {
        var identity = dataplane.Topology.Pod(hello.ServerName) is { Dataplane: PodDataplane.Ztunnel } pod
            ? pod.Identity
            : OwnIdentity(dataplane.Topology);
        return ValueTask.FromResult(dataplane.Identities.ServerOptionsFor(identity));
    }
}
