using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Identity;

/// <summary>
/// The local mesh's certificate authority (istiod's CA stand-in): an ECDSA P-256 root that issues workload
/// certificates carrying a SPIFFE id as URI SAN, like Istio's workload certificates.
/// On disk: <c>ca.key.pem</c> (key and certificate, the file every process loads) and <c>ca.crt.pem</c>
/// (the certificate alone, for anyone who only needs to trust the mesh).
/// </summary>
public sealed class MeshCa : IDisposable
{
    public const string CertificateFileName = "ca.crt.pem";
    public const string KeyFileName = "ca.key.pem";
    public const string SubjectName = "CN=AmbientVerify local mesh CA, O=AmbientVerify";

    /// <summary>Root lifetime; long enough for any local run, short enough not to look like a real CA.</summary>
    public static readonly TimeSpan RootLifetime = TimeSpan.FromDays(30);

    /// <summary>Workload certificate lifetime when none is given: Istio's default (24h).</summary>
    public static readonly TimeSpan DefaultWorkloadLifetime = TimeSpan.FromHours(24);

    // Clocks of processes started together may differ slightly: certificates are valid a little before "now".
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time;

    private MeshCa(X509Certificate2 root, TimeProvider time)
    {
        Root = root;
        _time = time;
    }

    /// <summary>The root certificate, with its private key.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>
    /// Loads the CA from <paramref name="directory"/>, creating it first when it does not exist. Safe when several
    /// processes start at once: each writes a complete key file under a temporary name and moves it in place
    /// without overwriting; the losers discard theirs and load the winner's.
    /// </summary>
    public static MeshCa LoadOrCreate(string directory, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        // Owner-only, like the key inside it: nobody else on the machine lists or reads the run's CA.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var keyPath = Path.Combine(directory, KeyFileName);
        if (!File.Exists(keyPath))
        {
            using var fresh = CreateRoot(time);
            var pem = fresh.ExportCertificatePem() + "\n" + fresh.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n";
            PublishOnce(keyPath, pem, privateKey: true);
        }

        var ca = LoadFrom(directory, time);
        // The certificate alone: derived from whichever key file won, so every writer writes the same bytes.
        PublishOnce(Path.Combine(directory, CertificateFileName), ca.Root.ExportCertificatePem() + "\n", privateKey: false);
        return ca;
    }

    /// <summary>Loads an existing CA (the key file holds key and certificate).</summary>
    /// <exception cref="FileNotFoundException">No CA in <paramref name="directory"/>.</exception>
    public static MeshCa LoadFrom(string directory, TimeProvider? time = null)
    {
        var keyPath = Path.Combine(directory, KeyFileName);
        if (!File.Exists(keyPath))
        {
            throw new FileNotFoundException($"no local mesh CA in {Path.GetFullPath(directory)} ({KeyFileName} is missing)", keyPath);
        }

        var pem = File.ReadAllText(keyPath);
        return new MeshCa(X509Certificate2.CreateFromPem(pem, pem), time ?? TimeProvider.System);
    }

    /// <summary>
    /// Issues a workload certificate for <paramref name="identity"/>: URI SAN = the SPIFFE id (critical, subject
    /// empty as in Istio), EKU server and client authentication, ECDSA P-256 key included.
    /// </summary>
    public X509Certificate2 Issue(SpiffeId identity, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(identity.ToString()));
        request.CertificateExtensions.Add(new X509Extension(san.Build(critical: true), critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));

        var now = _time.GetUtcNow();
        var notAfter = now + (lifetime ?? DefaultWorkloadLifetime);
        if (notAfter > Root.NotAfter)
        {
            notAfter = Root.NotAfter;
        }

        using var issued = request.Create(Root, now - ClockSkew, notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose() => Root.Dispose();

    private static X509Certificate2 CreateRoot(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SubjectName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now - ClockSkew, now + RootLifetime);
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> unless it exists; never a half-written file.</summary>
    private static void PublishOnce(string path, string content, bool privateKey)
    {
        if (File.Exists(path))
        {
            return;
        }

        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        if (privateKey && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // On Unix a move without overwrite is link+unlink: atomic, and it fails if another process won.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
