using System.Net;
using System.Net.Sockets;

namespace AmbientVerify.AppHost.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void A_port_is_never_handed_out_twice()
    {
        // The stand-ins, dataplane and gateway of one run take ~20 ports; parallel runs in one test process take more.
        var ports = Enumerable.Range(0, 400).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 20000, 32000));
    }

    [Fact]
    public void A_handed_out_port_is_still_free_to_bind()
    {
        var port = FreePort.Next();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
    }

    // The harness runs on Linux (CI and the QA machines); the reservation there is an abstract socket.
    [Fact]
    public void Another_app_host_cannot_claim_a_handed_out_port()
    {
        var port = FreePort.Next();

        // What a second app host would try first: the port's reservation, which this process still holds.
        using var rival = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var error = Assert.Throws<SocketException>(() => rival.Bind(new UnixDomainSocketEndPoint("\0ambientverify-port-" + port)));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }
}
