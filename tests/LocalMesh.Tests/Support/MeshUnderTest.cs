using System.Net.Http.Json;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Sidecar;
using AmbientVerify.LocalMesh.Ztunnel;
using AmbientVerify.Manifests;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>
/// A whole local mesh on real loopback sockets: a scripted backend (the app of every customer-service pod),
/// the dataplane (ztunnel, the sidecar process of customer-service, or one sidecar process per pod) and the gateway
/// dialling through it.
/// </summary>
public sealed class MeshUnderTest : IAsyncDisposable
{
    private readonly MeshManifestsDirectory _manifests;
    private readonly string _caDirectory;

    private MeshUnderTest(MeshManifestsDirectory manifests, string caDirectory, ScriptedBackend backend, IReadOnlyList<LocalMeshHost> dataplanes, LocalMeshHost gateway)
    {
        _manifests = manifests;
        _caDirectory = caDirectory;
        Backend = backend;
        Dataplanes = dataplanes;
        Gateway = gateway;
    }

    private enum Layout
    {
        Ztunnel,
        SidecarPerWorkload,
        SidecarPerPod,
    }

    public ScriptedBackend Backend { get; }

    /// <summary>The (first) ztunnel or sidecar process; its Client talks to the admin API.</summary>
    public LocalMeshHost Dataplane => Dataplanes[0];

    /// <summary>Every dataplane process: one, or one per pod.</summary>
    public IReadOnlyList<LocalMeshHost> Dataplanes { get; }

    public LocalMeshHost Gateway { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<MeshUnderTest> StartAmbientAsync(Func<int, BackendAction> script, string peerAuthentication = "STRICT", string namespaceLabel = MeshManifestsDirectory.Ambient) =>
        StartAsync(script, peerAuthentication, namespaceLabel, Layout.Ztunnel);

    public static Task<MeshUnderTest> StartSidecarAsync(Func<int, BackendAction> script, string peerAuthentication = "STRICT") =>
        StartAsync(script, peerAuthentication, MeshManifestsDirectory.Injection, Layout.SidecarPerWorkload);

    /// <summary>A sidecar process per pod (customer-service-0 and -1), as the AppHost starts them.</summary>
    public static Task<MeshUnderTest> StartSidecarPerPodAsync(Func<int, BackendAction> script) =>
        StartAsync(script, "STRICT", MeshManifestsDirectory.Injection, Layout.SidecarPerPod);

    public Task<IReadOnlyList<WorkloadEntry>> WorkloadsAsync() => WorkloadsAsync(Dataplane);

    public static async Task<IReadOnlyList<WorkloadEntry>> WorkloadsAsync(LocalMeshHost dataplane) =>
        await dataplane.Client.GetFromJsonAsync<List<WorkloadEntry>>("/workloads", System.Text.Json.JsonSerializerOptions.Web, Ct) ?? [];

    /// <summary>The dataplane's istio_tcp_connections_opened_total samples.</summary>
    public Task<IReadOnlyList<AmbientVerify.Probes.Inspection.MetricSample>> OpenedConnectionsAsync() => OpenedConnectionsAsync(Dataplane);

    public static async Task<IReadOnlyList<AmbientVerify.Probes.Inspection.MetricSample>> OpenedConnectionsAsync(LocalMeshHost dataplane) =>
        PrometheusText.Parse(await dataplane.Client.GetStringAsync("/metrics", Ct))
            .Where(s => s.Name == "istio_tcp_connections_opened_total")
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var dataplane in Dataplanes)
        {
            await dataplane.DisposeAsync();
        }

        await Backend.DisposeAsync();
        _manifests.Dispose();
        Directory.Delete(_caDirectory, recursive: true);
    }

    private static async Task<MeshUnderTest> StartAsync(Func<int, BackendAction> script, string peerAuthentication, string namespaceLabel, Layout layout)
    {
        var manifests = MeshManifestsDirectory.Create(namespaceLabel, peerAuthentication);
        var caDirectory = Path.Combine(Path.GetTempPath(), "ambientverify-meshca-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await StartInAsync(manifests, caDirectory, script, layout);
        }
        catch
        {
            // A mesh that did not start must not leave its CA (a private key) behind.
            if (Directory.Exists(caDirectory))
            {
                Directory.Delete(caDirectory, recursive: true);
            }

            manifests.Dispose();
            throw;
        }
    }

    private static async Task<MeshUnderTest> StartInAsync(MeshManifestsDirectory manifests, string caDirectory, Func<int, BackendAction> script, Layout layout)
    {
        var backend = await ScriptedBackend.StartAsync(script);
        var common = new Dictionary<string, string?>
        {
            ["LocalMesh:Manifests"] = manifests.Path,
            ["LocalMesh:MeshCa"] = caDirectory,
            [LocalMeshKeys.Backend(new NamespacedName(MeshManifestsDirectory.Namespace, "customer-service"))] = backend.Address.ToString(),
        };

        // Per pod: customer-service-0 and -1 (MeshManifestsDirectory's two replicas), each its own process.
        string?[] sidecarPods = layout == Layout.SidecarPerPod ? ["customer-service-0", "customer-service-1"] : [null];
        var dataplanes = new List<LocalMeshHost>();
        foreach (var pod in sidecarPods)
        {
            dataplanes.Add(await LocalMeshHost.StartAsync(new Dictionary<string, string?>(common)
            {
                ["LocalMesh:Mode"] = layout == Layout.Ztunnel ? "ztunnel" : "sidecar",
                ["LocalMesh:Ztunnel:Hbone"] = "127.0.0.1:0",
                ["LocalMesh:Sidecar:Workload"] = "customer-service",
                ["LocalMesh:Sidecar:Pod"] = pod,
            }));
        }

        var gatewaySettings = new Dictionary<string, string?>(common);
        switch (layout)
        {
            case Layout.Ztunnel:
                gatewaySettings["LocalMesh:Ztunnel:Hbone"] = dataplanes[0].Service<ZtunnelServer>().HboneEndpoint.ToString();
                break;
            case Layout.SidecarPerWorkload:
                gatewaySettings[LocalMeshKeys.SidecarAdmin(new NamespacedName(MeshManifestsDirectory.Namespace, "customer-service"))] = dataplanes[0].Client.BaseAddress!.ToString();
                break;
            case Layout.SidecarPerPod:
                foreach (var (pod, dataplane) in sidecarPods.Zip(dataplanes))
                {
                    gatewaySettings[LocalMeshKeys.SidecarAdmin(new NamespacedName(MeshManifestsDirectory.Namespace, pod!))] = dataplane.Client.BaseAddress!.ToString();
                }

                break;
        }

        var gateway = await LocalMeshHost.StartAsync(gatewaySettings);
        return new MeshUnderTest(manifests, caDirectory, backend, dataplanes, gateway);
    }
}
