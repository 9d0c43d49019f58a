using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Tests.Identity;

/// <summary>Real SslStream pairs over a loopback TCP connection.</summary>
public sealed class MutualTlsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(SslStream Client, SslStream Server)> HandshakeAsync(
        LoopbackPair pair, MeshCa serverCa, MeshCa clientCa, SpiffeId? expectedServer = null)
    {
        var client = new SslStream(pair.Client);
        var server = new SslStream(pair.Server);
        var serverHandshake = server.AuthenticateAsServerAsync(MutualTls.Server(serverCa, serverCa.Issue(TestCa.Customer)), Ct);
        var clientHandshake = client.AuthenticateAsClientAsync(
            MutualTls.Client(clientCa, clientCa.Issue(TestCa.Gateway), expectedServer ?? TestCa.Customer, "customer-service-0.ecommerce"), Ct);
        await Task.WhenAll(serverHandshake, clientHandshake);
        return (client, server);
    }

    [Fact]
    public async Task Handshake_between_mesh_certificates_is_tls13()
    {
        using var ca = TestCa.Create();
        using var pair = await LoopbackPair.ConnectAsync(Ct);

        var (client, server) = await HandshakeAsync(pair, ca.Ca, ca.Ca);

        Assert.Equal(SslProtocols.Tls13, client.SslProtocol);
        Assert.Equal(SslProtocols.Tls13, server.SslProtocol);
    }

    [Fact]
    public async Task Each_side_reads_the_peer_spiffe_id()
    {
        using var ca = TestCa.Create();
        using var pair = await LoopbackPair.ConnectAsync(Ct);

        var (client, server) = await HandshakeAsync(pair, ca.Ca, ca.Ca);

        Assert.Equal(TestCa.Gateway, MutualTls.PeerIdentity(server));
        Assert.Equal(TestCa.Customer, MutualTls.PeerIdentity(client));
    }

    [Fact]
    public async Task Client_certificate_from_another_ca_is_refused_by_the_server()
    {
        using var mesh = TestCa.Create();
        using var stranger = TestCa.Create();
        using var pair = await LoopbackPair.ConnectAsync(Ct);
        var server = InboundHandshake.AuthenticateAsync(
            pair.ServerSocket, (_, _, _, _) => ValueTask.FromResult(MutualTls.Server(mesh.Ca, mesh.Ca.Issue(TestCa.Customer))), InboundHandshake.DefaultTimeout, Ct);
        var client = new SslStream(pair.Client);

        // The client trusts the mesh CA (so its own check passes) but presents a stranger's certificate.
        var clientOptions = MutualTls.Client(mesh.Ca, stranger.Ca.Issue(TestCa.Gateway), TestCa.Customer, "customer");
        var clientSide = Record.ExceptionAsync(async () =>
        {
            await client.AuthenticateAsClientAsync(clientOptions, Ct);
            // TLS 1.3: the client learns of the refusal on its first read at the latest.
            var read = await client.ReadAsync(new byte[1], Ct);
            Assert.Fail($"read {read} bytes from a server that must have refused the client");
        });

        Assert.Null(await server);
        Assert.IsNotType<Xunit.Sdk.FailException>(await clientSide);
    }

    [Fact]
    public async Task Server_certificate_from_another_ca_is_refused_by_the_client()
    {
        using var mesh = TestCa.Create();
        using var stranger = TestCa.Create();
        using var pair = await LoopbackPair.ConnectAsync(Ct);
        var server = new SslStream(pair.Server);
        var client = new SslStream(pair.Client);

        _ = server.AuthenticateAsServerAsync(MutualTls.Server(stranger.Ca, stranger.Ca.Issue(TestCa.Customer)), Ct);
        var clientHandshake = client.AuthenticateAsClientAsync(MutualTls.Client(mesh.Ca, mesh.Ca.Issue(TestCa.Gateway), TestCa.Customer, "customer"), Ct);

        await Assert.ThrowsAsync<AuthenticationException>(() => clientHandshake);
    }

    [Fact]
    public async Task Server_with_another_identity_than_expected_is_refused_by_the_client()
    {
        using var ca = TestCa.Create();
        using var pair = await LoopbackPair.ConnectAsync(Ct);

        var handshake = HandshakeAsync(pair, ca.Ca, ca.Ca, expectedServer: new SpiffeId("cluster.local", "ecommerce", "order-service"));

        await Assert.ThrowsAsync<AuthenticationException>(() => handshake);
    }

    [Fact]
    public async Task Plaintext_client_is_refused_without_an_answer()
    {
        using var ca = TestCa.Create();
        using var pair = await LoopbackPair.ConnectAsync(Ct);
        var server = InboundHandshake.AuthenticateAsync(
            pair.ServerSocket, (_, _, _, _) => ValueTask.FromResult(MutualTls.Server(ca.Ca, ca.Ca.Issue(TestCa.Customer))), InboundHandshake.DefaultTimeout, Ct);

        await pair.Client.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: customer\r\n\r\n"), Ct);

        Assert.Null(await server);
        var answer = await Record.ExceptionAsync(async () => Assert.Equal(0, await pair.Client.ReadAsync(new byte[256], Ct)));
        Assert.True(answer is null or IOException, $"expected end of stream or reset, got {answer}");
    }
}
