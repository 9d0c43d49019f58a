using System.Net;
using System.Net.Sockets;

namespace AmbientVerify.AppHost;

/// <summary>
/// A free loopback port from the operating system. The stand-ins and the gateway listen directly (not behind
/// Aspire's TCP proxy, which would turn a backend's reset into something else), and Aspire's own allocator
/// for such endpoints counts up from a fixed base, so two app hosts at once (parallel tests) would collide.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
