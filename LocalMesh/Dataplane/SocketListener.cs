using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>A raw TCP listener whose every accepted connection is handled on its own task until the listener stops.</summary>
public sealed class SocketListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private Task _acceptLoop = Task.CompletedTask;

    private SocketListener(Socket socket) => _socket = socket;

    /// <summary>The bound address (the real port when bound to port 0).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Binds and listens at once (so the address is known and reachable before this returns).</summary>
    /// <exception cref="SocketException">The address is in use or not local.</exception>
    public static SocketListener Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SocketListener(socket);
    }

    /// <summary>Binds <paramref name="first"/>; when taken, the next free port above it (up to 100 further), else any free port.</summary>
    public static SocketListener BindNextFree(IPEndPoint first)
    {
        for (var port = first.Port; first.Port != 0 && port <= Math.Min(first.Port + 100, IPEndPoint.MaxPort); port++)
        {
            try
            {
                return Bind(new IPEndPoint(first.Address, port));
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Try the next one.
            }
        }

        return Bind(new IPEndPoint(first.Address, 0));
    }

    /// <summary>Starts accepting; <paramref name="handle"/> owns each accepted socket.</summary>
    public void Start(Func<Socket, CancellationToken, Task> handle, ILogger logger)
    {
        _acceptLoop = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket accepted;
                try
                {
                    accepted = await _socket.AcceptAsync(_stopping.Token);
                }
                catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    break;
                }

                accepted.NoDelay = true;
                var connection = Task.Run(async () =>
                {
                    try
                    {
                        await handle(accepted, _stopping.Token);
                    }
                    catch (Exception error) when (error is not OutOfMemoryException)
                    {
                        logger.LogWarning(error, "Connection on {Endpoint} failed", Endpoint);
                    }
                    finally
                    {
                        accepted.Dispose();
                    }
                });
                lock (_connections)
                {
                    _connections.RemoveAll(task => task.IsCompleted);
                    _connections.Add(connection);
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await _acceptLoop;
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open);
        _stopping.Dispose();
    }
}
