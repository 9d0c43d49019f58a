using System.Net;
using System.Net.Sockets;

namespace AmbientVerify.Probes.Tests.TestSupport;

internal static class Ports
{
    /// <summary>A loopback URL nobody listens on: bind port 0, note the port, close it.</summary>
    public static Uri Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
