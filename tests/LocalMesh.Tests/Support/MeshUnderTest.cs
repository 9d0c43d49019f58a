using System.Net.Http.Json;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Sidecar;
using AmbientVerify.LocalMesh.Ztunnel;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>
/// A whole local mesh on real loopback sockets: a scripted backend (the app of every customer-service pod),
/// the dataplane (ztunnel, or the sidecar process of customer-service) and the gateway dialling through it.
/// </summary>
public sealed class MeshUnderTest : IAsyncDisposable
{
    private readonly MeshManifestsDirectory _manifests;
    private readonly string _caDirectory;

    private MeshUnderTest(MeshManifestsDirectory manifests, string caDirectory, ScriptedBackend backend, LocalMeshHost dataplane, LocalMeshHost gateway)
    {
        _manifests = manifests;
        _caDirectory = caDirectory;
        Backend = backend;
        Dataplane = dataplane;
        Gateway = gateway;
    }

    public ScriptedBackend Backend { get; }

    /// <summary>The ztunnel or sidecar process; its Client talks to the admin API.</summary>
    public LocalMeshHost Dataplane { get; }

    public LocalMeshHost Gateway { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<MeshUnderTest> StartAmbientAsync(Func<int, BackendAction> script, string peerAuthentication = "STRICT", string namespaceLabel = MeshManifestsDirectory.Ambient) =>
        StartAsync(script, peerAuthentication, namespaceLabel, sidecar: false);

    public static Task<MeshUnderTest> StartSidecarAsync(Func<int, BackendAction> script, string peerAuthentication = "STRICT") =>
        StartAsync(script, peerAuthentication, MeshManifestsDirectory.Injection, sidecar: true);

    public async Task<IReadOnlyList<WorkloadEntry>> WorkloadsAsync() =>
        await Dataplane.Client.GetFromJsonAsync<List<WorkloadEntry>>("/workloads", System.Text.Json.JsonSerializerOptions.Web, Ct) ?? [];

    /// <summary>The dataplane's istio_tcp_connections_opened_total samples.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> OpenedConnectionsAsync() =>
        PrometheusText.Parse(await Dataplane.Client.GetStringAsync("/metrics", Ct))
            .Where(s => s.Name == "istio_tcp_connections_opened_total")
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Dataplane.DisposeAsync();
        await Backend.DisposeAsync();
        _manifests.Dispose();
        Directory.Delete(_caDirectory, recursive: true);
    }

    private static async Task<MeshUnderTest> StartAsync(Func<int, BackendAction> script, string peerAuthentication, string namespaceLabel, bool sidecar)
    {
        var manifests = MeshManifestsDirectory.Create(namespaceLabel, peerAuthentication);
        var caDirectory = Path.Combine(Path.GetTempPath(), "ambientverify-meshca-" + Guid.NewGuid().ToString("N"));
        var backend = await ScriptedBackend.StartAsync(script);
        var common = new Dictionary<string, string?>
        {
            ["LocalMesh:Manifests"] = manifests.Path,
            ["LocalMesh:MeshCa"] = caDirectory,
            ["LocalMesh:Backends:customer-service"] = backend.Address.ToString(),
        };

        var dataplane = await LocalMeshHost.StartAsync(new Dictionary<string, string?>(common)
        {
            ["LocalMesh:Mode"] = sidecar ? "sidecar" : "ztunnel",
            ["LocalMesh:Ztunnel:Hbone"] = "127.0.0.1:0",
            ["LocalMesh:Sidecar:Workload"] = "customer-service",
        });
        var gatewaySettings = new Dictionary<string, string?>(common);
        if (sidecar)
        {
            gatewaySettings["LocalMesh:Sidecars:customer-service:Admin"] = dataplane.Client.BaseAddress!.ToString();
        }
        else
        {
            gatewaySettings["LocalMesh:Ztunnel:Hbone"] = dataplane.Service<ZtunnelServer>().HboneEndpoint.ToString();
        }

        var gateway = await LocalMeshHost.StartAsync(gatewaySettings);
        return new MeshUnderTest(manifests, caDirectory, backend, dataplane, gateway);
    }
}
