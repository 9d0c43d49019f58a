using System.Net;
using System.Net.Sockets;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>Two ends of one real TCP connection on 127.0.0.1.</summary>
public sealed class LoopbackPair : IDisposable
{
    private LoopbackPair(Socket client, Socket server)
    {
        ClientSocket = client;
        ServerSocket = server;
        Client = new NetworkStream(client, ownsSocket: true);
        Server = new NetworkStream(server, ownsSocket: true);
    }

    public Socket ClientSocket { get; }
    public Socket ServerSocket { get; }
    public NetworkStream Client { get; }
    public NetworkStream Server { get; }

    public static async Task<LoopbackPair> ConnectAsync(CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync(cancellationToken).AsTask();
        await client.ConnectAsync(listener.LocalEndPoint!, cancellationToken);
        return new LoopbackPair(client, await accept);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
