using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>
/// The workload certificates a dataplane process holds, issued once per identity from the mesh CA (ztunnel
/// likewise fetches a certificate per local workload identity and presents the destination's on inbound HBONE).
/// </summary>
public sealed class MeshIdentities(MeshCa ca) : IDisposable
{
    private readonly ConcurrentDictionary<SpiffeId, Lazy<SslServerAuthenticationOptions>> _serverOptions = new();
    private readonly ConcurrentDictionary<SpiffeId, Lazy<X509Certificate2>> _certificates = new();

    public MeshCa Ca { get; } = ca;

    public X509Certificate2 CertificateFor(SpiffeId identity) =>
        _certificates.GetOrAdd(identity, id => new Lazy<X509Certificate2>(() => Ca.Issue(id))).Value;

    /// <summary>mTLS server options presenting <paramref name="identity"/>'s certificate.</summary>
    public SslServerAuthenticationOptions ServerOptionsFor(SpiffeId identity) =>
        _serverOptions.GetOrAdd(identity, id => new Lazy<SslServerAuthenticationOptions>(() => MutualTls.Server(Ca, CertificateFor(id)))).Value;

    /// <summary>
    /// Fetches the certificates of <paramref name="identities"/> now rather than on their first connection: a proxy
    /// reports ready only once it holds its workload certificate (Envoy waits for it over SDS), and the first
    /// connections then do not pay for it while they are being timed.
    /// </summary>
    public void Prepare(IEnumerable<SpiffeId> identities)
    {
        foreach (var identity in identities.Distinct())
        {
            _ = ServerOptionsFor(identity);
        }
    }

    /// <summary>True once the certificate of <paramref name="identity"/> is held (prepared, or used by a connection).</summary>
    public bool Holds(SpiffeId identity) => _serverOptions.TryGetValue(identity, out var options) && options.IsValueCreated;

    public void Dispose()
    {
        foreach (var certificate in _certificates.Values.Where(c => c.IsValueCreated))
        {
            certificate.Value.Dispose();
        }
    }
}
