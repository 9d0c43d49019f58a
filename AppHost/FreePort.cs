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
public static class FreePort
{
    private const int Lowest = 20000;
    private const int Highest = 32000;

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {Highest}");
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
