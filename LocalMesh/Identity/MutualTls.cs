using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Identity;

/// <summary>
/// Istio mutual TLS between mesh proxies: TLS 1.3 only, both sides present a workload certificate, each side
/// verifies the other's chain against the mesh CA alone (never the system store) and reads its SPIFFE id.
/// Host names play no part (mesh certificates carry no DNS names); an expected peer identity can be required.
/// </summary>
public static class MutualTls
{
    /// <summary>Server side: presents <paramref name="certificate"/>, requires and verifies a client certificate.</summary>
    public static SslServerAuthenticationOptions Server(MeshCa ca, X509Certificate2 certificate) => new()
    {
        ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
        ClientCertificateRequired = true,
        EnabledSslProtocols = SslProtocols.Tls13,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, peer, _, errors) => IsTrusted(ca, peer, errors, expected: null),
    };

    /// <summary>
    /// Client side: presents <paramref name="certificate"/>; the server must chain to the mesh CA and, when
    /// <paramref name="expectedServer"/> is given, carry exactly that identity (Istio's SAN verification).
    /// </summary>
    /// <param name="serverName">SNI sent to the server (the local ztunnel picks the destination's certificate by it).</param>
    public static SslClientAuthenticationOptions Client(MeshCa ca, X509Certificate2 certificate, SpiffeId? expectedServer, string serverName) => new()
    {
        TargetHost = serverName,
        ClientCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
        EnabledSslProtocols = SslProtocols.Tls13,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, peer, _, errors) => IsTrusted(ca, peer, errors, expectedServer),
    };

    /// <summary>The verified peer's identity after the handshake; null when it presented none with a SPIFFE id.</summary>
    public static SpiffeId? PeerIdentity(SslStream stream) => SpiffeCertificates.IdentityOf(stream.RemoteCertificate);

    private static bool IsTrusted(MeshCa ca, X509Certificate? peer, SslPolicyErrors errors, SpiffeId? expected)
    {
        // The platform's verdict used the system trust store and host names: only "no certificate" counts here.
        if (peer is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var certificate = new X509Certificate2(peer);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        if (!chain.Build(certificate))
        {
            return false;
        }

        var identity = SpiffeCertificates.IdentityOf(certificate);
        return identity is not null && (expected is null || identity == expected);
    }
}
