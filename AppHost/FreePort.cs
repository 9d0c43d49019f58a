using System.Net;
using System.Net.Sockets;

namespace AmbientVerify.AppHost;

/// <summary>
/// A free loopback port for a process the AppHost starts. The stand-ins, the dataplane and the gateway listen
/// directly (not behind Aspire's TCP proxy, which would turn a backend's reset into something else), and Aspire's
/// own allocator for such endpoints counts up from a fixed base, so two app hosts at once (parallel tests) collide.
/// The port is picked below Linux's ephemeral range (32768-60999): between our check and the process binding it,
/// no outgoing connection of the busy machine can take it, which a port-0 pick from that range could not promise.
/// </summary>
/// <remarks>
/// A port handed out is reserved until this process ends, so that neither this app host nor another one running
/// at the same time (parallel end-to-end tests, two QA runs) hands it out again in the window before the child
/// process binds it. Across processes the reservation is a Linux abstract socket named after the port: the kernel
/// frees it when the process ends, however it ends, and it leaves no file behind.
/// </remarks>
public static class FreePort
{
    private const int Lowest = 20000;
    private const int Highest = 32000;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, Socket?> Reserved = [];

    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var port = Random.Shared.Next(Lowest, Highest);
                if (Reserved.ContainsKey(port) || !TryReserveAcrossProcesses(port, out var reservation))
                {
                    continue;
                }

                if (IsFree(port))
                {
                    Reserved[port] = reservation;
                    return port;
                }

                reservation?.Dispose();
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {Highest}");
    }

    /// <summary>Claims the port among app hosts on this machine; false when another one holds it.</summary>
    private static bool TryReserveAcrossProcesses(int port, out Socket? reservation)
    {
        reservation = null;
        if (!OperatingSystem.IsLinux())
        {
            // Abstract sockets are Linux-only; elsewhere the in-process reservation and the bind check remain.
            return true;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint("\0ambientverify-port-" + port));
            reservation = socket;
            return true;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return false;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
