using System.Net;
using System.Net.Sockets;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.Manifests.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Sidecar;

/// <summary>
/// The istio-proxy sidecar of one pod, or of every pod of one workload: per pod one inbound listener standing for "pod IP:port" (Envoy's
/// 15006 behind the pod's iptables). The first byte tells mTLS from plaintext, as Envoy's tls_inspector does;
/// mTLS presents the pod's identity and verifies the peer; plaintext is up to PeerAuthentication.
/// </summary>
public sealed class SidecarServer(
    LocalDataplane dataplane, PodInbound inbound, WorkloadTopology workload, IReadOnlyList<PodTopology> pods, IPEndPoint firstInbound, ILogger<SidecarServer> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly List<(PodTopology Pod, SocketListener Listener)> _listeners = [];

    public WorkloadTopology Workload { get; } = workload;

    /// <summary>Each pod's inbound address, in pod order.</summary>
    public IReadOnlyList<(PodTopology Pod, IPEndPoint Endpoint)> Inbound => _listeners.Select(l => (l.Pod, l.Listener.Endpoint)).ToList();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Ready means holding the pods' certificates, as an istio-proxy is not ready before SDS has delivered them.
        dataplane.Identities.Prepare(pods.Select(p => p.Identity));
        var next = firstInbound;
        foreach (var pod in pods)
        {
            var listener = SocketListener.BindNextFree(next);
            listener.Start((socket, token) => HandleAsync(socket, pod, token), logger);
            _listeners.Add((pod, listener));
            next = next.Port == 0 ? next : new IPEndPoint(next.Address, listener.Endpoint.Port + 1);
        }

        logger.LogInformation("sidecars of {Workload}: {Inbound}", Workload.Name, string.Join(", ", Inbound.Select(i => $"{i.Pod.Name}={i.Endpoint}")));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>This process's pods; protocol TCP (a sidecar pod is not HBONE-captured), address = its inbound listener.</summary>
    public IReadOnlyList<WorkloadEntry> Workloads() =>
        Inbound.Select(i => new WorkloadEntry(i.Pod.Namespace, i.Pod.Name, HostPort.Of(i.Endpoint), WorkloadEntry.LocalNode,
            WorkloadEntry.NoWaypoint, WorkloadEntry.Tcp, i.Pod.Workload, i.Pod.ServiceAccount, i.Pod.Identity.ToString(), "sidecar")).ToList();

    public async ValueTask DisposeAsync()
    {
        var listeners = _listeners.Select(l => l.Listener).ToList();
        _listeners.Clear();
        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }
    }

    private async Task HandleAsync(Socket socket, PodTopology pod, CancellationToken cancellationToken)
    {
        using var firstByte = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        firstByte.CancelAfter(InboundHandshake.DefaultTimeout);
        bool tls;
        try
        {
            tls = await InboundHandshake.StartsWithTlsAsync(socket, firstByte.Token);
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException)
        {
            InboundHandshake.Reset(socket);
            return;
        }

        if (!tls)
        {
            await inbound.PlaintextAsync(socket, pod, cancellationToken);
            return;
        }

        var peer = await InboundHandshake.AuthenticateAsync(
            socket, (_, _, _, _) => ValueTask.FromResult(dataplane.Identities.ServerOptionsFor(pod.Identity)), InboundHandshake.DefaultTimeout, cancellationToken);
        if (peer is null)
        {
            logger.LogInformation("mTLS to {Pod} refused: no mesh identity", pod.QualifiedName);
            return;
        }

        await using var stream = peer.Stream;
        await inbound.MutualTlsAsync(peer, socket, pod, cancellationToken);
    }
}
