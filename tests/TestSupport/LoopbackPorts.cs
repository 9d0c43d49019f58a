using System.Net;
using System.Net.Sockets;

namespace AmbientVerify.TestSupport;

/// <summary>Loopback addresses nobody listens on, for tests of what happens when nothing answers.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on: bind port 0, note the port, close it.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>"http://127.0.0.1:&lt;free port&gt;/".</summary>
    public static Uri ClosedUrl() => new($"http://127.0.0.1:{Free()}/");
}
