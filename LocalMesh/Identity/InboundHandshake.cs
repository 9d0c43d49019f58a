using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Identity;

/// <summary>An inbound mTLS connection after a successful handshake: the stream and the verified peer.</summary>
public sealed record AuthenticatedPeer(SslStream Stream, SpiffeId Identity);

/// <summary>
/// The server side of a mesh connection: tells TLS from plaintext by the first byte (Envoy's tls_inspector
/// does the same), runs the mTLS handshake under a deadline, and resets the connection of a peer that fails.
/// </summary>
public static class InboundHandshake
{
    /// <summary>Longest handshake accepted. Default 10s (Envoy's listener's default transport socket connect timeout is 15s).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    // TLS record content type "handshake": every ClientHello starts with it.
    private const byte TlsHandshakeRecord = 0x16;

    /// <summary>
    /// True when the client's first byte opens a TLS handshake; false for plaintext or a client that closed
    /// without sending. Waits for that first byte (a silent client keeps it waiting until cancelled).
    /// </summary>
    public static async Task<bool> StartsWithTlsAsync(Socket socket, CancellationToken cancellationToken)
    {
        var first = new byte[1];
        var read = await socket.ReceiveAsync(first, SocketFlags.Peek, cancellationToken);
        return read == 1 && first[0] == TlsHandshakeRecord;
    }

    /// <summary>
    /// Authenticates a connection whose first byte is TLS. Null when the handshake fails (not TLS, peer not
    /// from the mesh CA, no SPIFFE id, too slow): the connection has then been reset.
    /// </summary>
    public static async Task<AuthenticatedPeer?> AuthenticateAsync(
        Socket socket, ServerOptionsSelectionCallback selectOptions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            if (!await StartsWithTlsAsync(socket, deadline.Token))
            {
                Reset(socket);
                return null;
            }

            await stream.AuthenticateAsServerAsync(selectOptions, state: null, deadline.Token);
            if (MutualTls.PeerIdentity(stream) is { } peer)
            {
                return new AuthenticatedPeer(stream, peer);
            }
        }
        catch (Exception error) when (error is AuthenticationException or IOException or SocketException or OperationCanceledException)
        {
            // Refused below, whatever the reason.
        }

        Reset(socket);
        await stream.DisposeAsync();
        return null;
    }

    /// <summary>Closes with RST instead of FIN: the peer sees a refused/reset connection at once, as from ztunnel or Envoy.</summary>
    public static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
