using System.Security.Cryptography.X509Certificates;
using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Tests.Identity;

public sealed class MeshCaTests
{
    [Fact]
    public void Issued_certificate_carries_the_spiffe_id_as_uri_san_and_a_private_key()
    {
        using var ca = TestCa.Create();

        using var certificate = ca.Ca.Issue(TestCa.Customer);

        Assert.Equal(TestCa.Customer, SpiffeCertificates.IdentityOf(certificate));
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(ca.Ca.Root.Subject, certificate.Issuer);
    }

    [Fact]
    public void Issued_certificate_is_valid_for_server_and_client_authentication()
    {
        using var ca = TestCa.Create();

        using var certificate = ca.Ca.Issue(TestCa.Customer);

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages
            .Cast<System.Security.Cryptography.Oid>().Select(oid => oid.Value).ToList();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
    }

    [Fact]
    public void Second_load_of_a_directory_returns_the_same_root()
    {
        using var ca = TestCa.Create();

        using var again = MeshCa.LoadOrCreate(ca.Directory);

        Assert.Equal(ca.Ca.Root.Thumbprint, again.Root.Thumbprint);
        Assert.True(again.Root.HasPrivateKey);
    }

    [Fact]
    public async Task Processes_creating_the_ca_at_once_all_end_with_one_root()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ambientverify-race-" + Guid.NewGuid().ToString("N"));
        try
        {
            var loads = Enumerable.Range(0, 8).Select(_ => Task.Run(() => MeshCa.LoadOrCreate(directory))).ToList();
            var cas = await Task.WhenAll(loads);

            Assert.Single(cas.Select(ca => ca.Root.Thumbprint).Distinct());
            var published = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, MeshCa.CertificateFileName)));
            Assert.Equal(cas[0].Root.Thumbprint, published.Thumbprint);
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_ca_directory_it_creates_and_the_key_in_it_are_for_the_owner_only()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ambientverify-mode-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var ca = MeshCa.LoadOrCreate(directory);

            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Assert.Equal(ownerOnly, File.GetUnixFileMode(directory) & ~UnixFileMode.SetGroup);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, MeshCa.KeyFileName)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Loading_a_directory_without_a_ca_names_the_missing_file()
    {
        var error = Assert.Throws<FileNotFoundException>(() => MeshCa.LoadFrom(Path.GetTempPath()));

        Assert.Contains(MeshCa.KeyFileName, error.Message);
    }

    [Fact]
    public void Certificate_without_a_spiffe_uri_has_no_identity()
    {
        using var ca = TestCa.Create();

        Assert.Null(SpiffeCertificates.IdentityOf(ca.Ca.Root));
    }
}
