using System.Net.Sockets;
using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.Manifests.Topology;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>
/// What happens to a connection that reached a pod, once the dataplane knows whether it came over mTLS:
/// PeerAuthentication decides on plaintext, then the bytes go to the pod's app and the connection is counted
/// the way ztunnel counts inbound connections (reporter="destination").
/// </summary>
public sealed class PodInbound(LocalDataplane dataplane, IstioTcpMetrics metrics, ILogger<PodInbound> logger)
{
    /// <summary>An mTLS connection from a verified peer: always accepted (PeerAuthentication never refuses mTLS).</summary>
    public Task MutualTlsAsync(AuthenticatedPeer peer, Socket socket, PodTopology pod, CancellationToken cancellationToken)
    {
        var (sourceWorkload, sourceNamespace) = dataplane.WorkloadNamed(peer.Identity);
        var labels = Labels(pod, sourceWorkload, sourceNamespace, peer.Identity.ToString(), TcpConnectionLabels.MutualTls);
        return ForwardAsync(peer.Stream, socket, pod, labels, cancellationToken);
    }

    /// <summary>
    /// A plaintext connection: under STRICT it is reset before any byte reaches the app (ztunnel and Envoy
    /// close it on the policy check); otherwise forwarded and counted with connection_security_policy="unknown".
    /// </summary>
    public async Task PlaintextAsync(Socket socket, PodTopology pod, CancellationToken cancellationToken)
    {
        var workload = dataplane.WorkloadOf(pod);
        if (workload.RequiresMutualTls)
        {
            logger.LogInformation("Plaintext connection to {Pod} refused: STRICT from {Source}", pod.QualifiedName, workload.PeerAuthenticationSource);
            InboundHandshake.Reset(socket);
            return;
        }

        var labels = Labels(pod, TcpConnectionLabels.Unknown, TcpConnectionLabels.Unknown, TcpConnectionLabels.Unknown, TcpConnectionLabels.Unknown);
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        await ForwardAsync(stream, socket, pod, labels, cancellationToken);
    }

    /// <summary>Connects to the pod's app; null (and logged) when it cannot be reached.</summary>
    public async Task<Socket?> ConnectToAppAsync(PodTopology pod, CancellationToken cancellationToken)
    {
        if (dataplane.BackendOf(dataplane.WorkloadOf(pod)) is not { } backend)
        {
            logger.LogWarning("No app address for {Pod}: LocalMesh:Backends:<namespace>:<service> is not set", pod.QualifiedName);
            return null;
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(backend.Host, backend.Port, cancellationToken);
            return socket;
        }
        catch (SocketException error)
        {
            logger.LogInformation("App of {Pod} at {Backend} unreachable: {Error}", pod.QualifiedName, backend, error.SocketErrorCode);
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Pipes an accepted connection to the app, counted under <paramref name="labels"/>.</summary>
    public async Task ForwardAsync(Stream stream, Socket socket, PodTopology pod, TcpConnectionLabels labels, CancellationToken cancellationToken)
    {
        if (await ConnectToAppAsync(pod, cancellationToken) is not { } app)
        {
            InboundHandshake.Reset(socket);
            return;
        }

        await PipeAsync(stream, socket, app, labels, cancellationToken);
    }

    /// <summary>Pipes to an already connected app socket, counted under <paramref name="labels"/>.</summary>
    public async Task PipeAsync(Stream stream, Socket socket, Socket app, TcpConnectionLabels labels, CancellationToken cancellationToken)
    {
        var counters = metrics.Open(labels);
        try
        {
            await TcpPipe.RunAsync(stream, socket, app, counters, cancellationToken);
        }
        finally
        {
            counters.Close();
        }
    }

    /// <summary>Labels of an inbound connection to <paramref name="pod"/>.</summary>
    public TcpConnectionLabels Labels(PodTopology pod, string sourceWorkload, string sourceNamespace, string sourcePrincipal, string securityPolicy) =>
        new(TcpConnectionLabels.DestinationReporter,
            sourceWorkload,
            sourceNamespace,
            sourcePrincipal,
            pod.Workload,
            pod.Namespace,
            pod.Identity.ToString(),
            LocalDataplane.ServiceHostOf(dataplane.WorkloadOf(pod)),
            securityPolicy);
}
