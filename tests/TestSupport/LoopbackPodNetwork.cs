using System.Net;
using System.Net.Sockets;

namespace AmbientVerify.TestSupport;

/// <summary>
/// Pod IPs on loopback for a fake cluster: each pod gets its own address in 127.77.0.0/16 (Linux routes all of
/// 127.0.0.0/8 to the loopback interface) listening on the pod's port, and every connection to it is piped to where
/// the local dataplane really serves that pod (the local ztunnel's listener for a captured pod). So what the cluster
/// view says (pod IP and Service targetPort) reaches the same dataplane a cluster's pod network would.
/// </summary>
public sealed class LoopbackPodNetwork : IAsyncDisposable
{
    private readonly List<TcpListener> listeners = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];
    // Shared by every network of the process: two fake clusters side by side never hand out the same address.
    private static int next = 10;
    private int reached;
    private int unreachable;

    /// <summary>Connections that reached the dataplane so far (piped to it, or reset by it as it accepted them).</summary>
    public int Reached => Volatile.Read(ref reached);

    /// <summary>Connections whose dataplane address did not take them (refused, timed out): a test asserts there were none.</summary>
    public int Unreachable => Volatile.Read(ref unreachable);

    /// <summary>A new pod address listening on <paramref name="port"/>, piped to <paramref name="target"/>; returns its IP.</summary>
    /// <exception cref="SocketException">No address of the range could be bound (each tried is taken).</exception>
    public string Add(int port, IPEndPoint target)
    {
        for (var attempt = 0; ; attempt++)
        {
            var index = Interlocked.Increment(ref next);
            var ip = IPAddress.Parse($"127.77.{index / 250 % 250}.{index % 250 + 2}");
            var listener = new TcpListener(ip, port);
            try
            {
                listener.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 100)
            {
                // Another process (or test run) has this address and port: take the next one.
                listener.Dispose();
                continue;
            }

            listeners.Add(listener);
            loops.Add(AcceptAsync(listener, target, stopping.Token));
            return ip.ToString();
        }
    }

    private async Task AcceptAsync(TcpListener listener, IPEndPoint target, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = PipeAsync(client, target, ct);
        }
    }

    private async Task PipeAsync(Socket client, IPEndPoint target, CancellationToken ct)
    {
        try
        {
            await PipeOrThrowAsync(client, target, ct);
        }
        catch (Exception e)
        {
            Errors.Enqueue($"{target}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>What went wrong while piping (none expected).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new();

    private async Task PipeOrThrowAsync(Socket client, IPEndPoint target, CancellationToken ct)
    {
        using var _ = client;
        using var upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await upstream.ConnectAsync(target, ct);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The dataplane took the connection and reset it at once (ztunnel refusing plaintext under STRICT): on
            // loopback that can come back as the connect's own error. It reached the dataplane; the client sees the reset.
            Interlocked.Increment(ref reached);
            client.LingerState = new LingerOption(true, 0);
            return;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Errors.Enqueue($"{target}: {e.GetType().Name}: {e.Message}");
            // Nothing serves the pod: the client sees its connection reset, as a pod IP nobody answers on.
            Interlocked.Increment(ref unreachable);
            client.LingerState = new LingerOption(true, 0);
            return;
        }

        Interlocked.Increment(ref reached);

        await using var a = new NetworkStream(client, ownsSocket: false);
        await using var b = new NetworkStream(upstream, ownsSocket: false);
        // Either side closing ends both (a reset of the dataplane reaches the client as one).
        var first = await Task.WhenAny(CopyAsync(a, b, ct), CopyAsync(b, a, ct));
        if (!await first)
        {
            client.LingerState = new LingerOption(true, 0);
        }
    }

    /// <summary>Copies until the end; false when it ended with an error (a reset).</summary>
    private static async Task<bool> CopyAsync(Stream from, Stream to, CancellationToken ct)
    {
        try
        {
            await from.CopyToAsync(to, ct);
            return true;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        foreach (var listener in listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(loops);
        stopping.Dispose();
    }
}
