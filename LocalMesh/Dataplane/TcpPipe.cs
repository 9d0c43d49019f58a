using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using AmbientVerify.LocalMesh.Identity;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>
/// Pipes bytes between a downstream connection (plain or mTLS) and an upstream socket until either side ends,
/// and carries how it ended across: a FIN becomes a FIN (after TLS close_notify), a reset becomes a reset.
/// This matters to the gateway: a backend that resets must still look like a reset ("connection termination"),
/// not like a clean empty answer, or retry decisions would change when traffic goes through ztunnel or a sidecar.
/// </summary>
public static class TcpPipe
{
    private const int BufferSize = 16 * 1024;

    private enum CopyEnd { SourceClosed, SourceReset, DestinationFailed, Cancelled }

    /// <param name="downstream">The client side stream (an <see cref="SslStream"/> after mTLS, else the socket's stream).</param>
    /// <param name="downstreamSocket">The client's socket, to reset it.</param>
    /// <param name="upstreamSocket">The connected backend socket; closed when the pipe ends.</param>
    /// <param name="counters">Receives the bytes from the client (received) and to the client (sent).</param>
    public static async Task RunAsync(Stream downstream, Socket downstreamSocket, Socket upstreamSocket, ITcpConnectionCounters counters, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var upstream = new NetworkStream(upstreamSocket, ownsSocket: true);
        var toUpstream = CopyAsync(downstream, upstream, counters.AddReceived, stop.Token);
        var toDownstream = CopyAsync(upstream, downstream, counters.AddSent, stop.Token);
        try
        {
            if (await Task.WhenAny(toUpstream, toDownstream) == toUpstream)
            {
                if (await toUpstream != CopyEnd.SourceClosed)
                {
                    // The client reset or vanished: the backend sees a reset too.
                    InboundHandshake.Reset(upstreamSocket);
                    return;
                }

                // Client half-closed: pass the FIN on and let the backend finish its answer.
                TryShutdownSend(upstreamSocket);
            }

            switch (await toDownstream)
            {
                case CopyEnd.SourceClosed:
                    await CloseGracefullyAsync(downstream, downstreamSocket);
                    break;
                case CopyEnd.SourceReset:
                    InboundHandshake.Reset(downstreamSocket);
                    break;
                case CopyEnd.DestinationFailed:
                    InboundHandshake.Reset(upstreamSocket);
                    break;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(toUpstream, toDownstream);
        }
    }

    private static async Task<CopyEnd> CopyAsync(Stream source, Stream destination, Action<long> count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return CopyEnd.Cancelled;
                }
                catch (Exception error) when (IsConnectionError(error))
                {
                    return CopyEnd.SourceReset;
                }

                if (read == 0)
                {
                    return CopyEnd.SourceClosed;
                }

                try
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    await destination.FlushAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return CopyEnd.Cancelled;
                }
                catch (Exception error) when (IsConnectionError(error))
                {
                    return CopyEnd.DestinationFailed;
                }

                count(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CloseGracefullyAsync(Stream downstream, Socket socket)
    {
        try
        {
            if (downstream is SslStream tls)
            {
                await tls.ShutdownAsync();
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (IsConnectionError(error))
        {
            // The client is gone already.
        }
    }

    private static void TryShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (IsConnectionError(error))
        {
            // Nothing left to tell.
        }
    }

    private static bool IsConnectionError(Exception error) =>
        error is IOException or SocketException or ObjectDisposedException or AuthenticationException or InvalidOperationException;
}
