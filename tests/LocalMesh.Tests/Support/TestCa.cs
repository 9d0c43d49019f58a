using AmbientVerify.LocalMesh.Identity;
using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>Fresh mesh CAs in temporary directories, removed on dispose.</summary>
public sealed class TestCa : IDisposable
{
    public static readonly SpiffeId Gateway = new("cluster.local", "istio-ingress", "main-gateway-istio");
    public static readonly SpiffeId Customer = new("cluster.local", "ecommerce", "customer-service");

    private TestCa(string directory)
    {
        Directory = directory;
        Ca = MeshCa.LoadOrCreate(directory);
    }

    public string Directory { get; }
    public MeshCa Ca { get; }

    public static TestCa Create() =>
        new(Path.Combine(Path.GetTempPath(), "ambientverify-ca-" + Guid.NewGuid().ToString("N")));

    public void Dispose()
    {
        Ca.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
