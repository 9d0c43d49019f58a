using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.AppHost.Tests.Cluster;

/// <summary>
/// The local mesh dressed as a cluster: the real AppHost runs the ambient sample's local mesh (stand-ins, ztunnel,
/// LocalMesh gateway; not its probes) from a copy of the sample, and a <see cref="FakeApiServer"/> seeded from the same
/// copy describes that mesh as a Kubernetes API server would:
/// <list type="bullet">
/// <item>one node and its ztunnel pod, whose <c>:15020/metrics</c> (pod proxy) is the local ztunnel's real <c>/metrics</c>;</item>
/// <item>each pod's IP is an address of <see cref="LoopbackPodNetwork"/> on the pod's port, piped to the local
/// ztunnel's listener for that pod (what its admin <c>/workloads</c> reports), so a plaintext try at the pod IP meets
/// the real ztunnel;</item>
/// <item>the harness's twin HTTPRoutes and Services are written into the copy by <see cref="ManifestMirror"/>, which the
/// gateway watches (every 500 ms, as istiod pushes a new route), and its FaultTarget Deployment is made Available
/// (<see cref="DeploymentController"/>);</item>
/// <item>each twin Service <c>av-&lt;run&gt;-&lt;service&gt;</c> of the runs in <see cref="RunIds"/> is dialled at the stand-in
/// of the original Service, which counts its tries under the original <c>ecommerce/&lt;service&gt;</c>, as the in-cluster
/// FaultTarget does;</item>
/// <item>the API requires a bearer token; <see cref="Kubeconfig"/> carries it.</item>
/// </list>
/// </summary>
public sealed class ClusterDressedLocalMesh : IAsyncLifetime
{
    public const string Namespace = "ecommerce";
    public const string IstiodImage = "docker.io/istio/pilot:1.26.2";

    /// <summary>The run ids whose twin Services the gateway can reach (a twin Service of another run answers 503).</summary>
    public static readonly IReadOnlyList<string> RunIds = ["msa", "e2e", "killed", "sweeper", "sigterm"];

    private static readonly string BackendPrefix = LocalMeshKeys.AsEnvironmentVariable($"{LocalMeshKeys.Section}:Backends:{Namespace}:");

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private IDistributedApplicationTestingBuilder? builder;
    private DistributedApplication? app;

    public string Manifests { get; } = ScratchDirectory.NewPath("ambientverify-cluster-mesh");
    public Uri Gateway { get; private set; } = null!;
    public Uri ZtunnelAdmin { get; private set; } = null!;
    public FakeApiServer Api { get; private set; } = null!;
    public ManifestMirror Mirror { get; private set; } = null!;
    public string Kubeconfig { get; private set; } = null!;

    /// <summary>The pods' IPs, piped to the local ztunnel's listeners.</summary>
    public LoopbackPodNetwork PodNetwork { get; } = new();

    /// <summary>How many pods of the fake cluster are on <see cref="PodNetwork"/>.</summary>
    public int PlacedPods { get; private set; }

    /// <summary>How long the start took (AppHost, fake cluster, pod network), for the report.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>The harness's objects now in the fake cluster's namespace.</summary>
    public IReadOnlyList<string> HarnessObjects() => Mirror.LabelledObjects(Namespace);

    public async ValueTask InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        Copy(Repository.Sample("ambient"), Manifests);

        builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--gate", "--manifests", Manifests, "--output", ScratchDirectory.NewPath("ambientverify-cluster-mesh-output")], ct);
        // The probes are the Probes CLI the tests start themselves, against the fake cluster.
        builder.Resources.Remove(builder.Resources.Single(r => r.Name == LocalTarget.ProbesResourceName));
        var gateway = (ExecutableResource)builder.Resources.Single(r => r.Name == LocalTarget.GatewayResourceName);
        builder.CreateResourceBuilder(gateway)
            .WithEnvironment("LocalMesh__WatchManifests", "true")
            .WithEnvironment("LocalMesh__WatchInterval", "500ms")
            .WithEnvironment(context =>
            {
                // After the AppHost's own callbacks: the stand-in listeners' endpoint references are in the context.
                foreach (var (key, value) in context.EnvironmentVariables.Where(e => e.Key.StartsWith(BackendPrefix, StringComparison.Ordinal)).ToList())
                {
                    var service = key[BackendPrefix.Length..];
                    foreach (var run in RunIds)
                    {
                        context.EnvironmentVariables[BackendPrefix + TwinNames.Service(run, service)] = value;
                    }
                }
            });

        app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        Gateway = app.GetEndpoint(LocalTarget.GatewayResourceName, "http");
        ZtunnelAdmin = app.GetEndpoint(DataplaneResources.ZtunnelResourceName, "http");
        await WaitForHealthAsync(app.GetEndpoint(LocalTarget.GatewayResourceName, LocalTarget.GatewayAdminEndpointName), ct);
        await WaitForHealthAsync(ZtunnelAdmin, ct);

        Api = await SeededCluster.StartAsync(Manifests, new SeededClusterOptions
        {
            Nodes = 1,
            IstiodImage = IstiodImage,
            ZtunnelMetrics = _ => http.GetStringAsync(new Uri(ZtunnelAdmin, "/metrics")),
        });
        await PlacePodsAsync(ct);
        Mirror = new ManifestMirror(Api, Manifests, TwinLabels.ManagedBy, TwinLabels.ManagedByValue);
        DeploymentController.MarkAvailableOnCreate(Api);
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Api.RequiredToken = token;
        var kubeconfigDirectory = ScratchDirectory.NewPath("ambientverify-cluster-mesh-kubeconfig");
        Directory.CreateDirectory(kubeconfigDirectory);
        Kubeconfig = Kubeconfigs.WithToken(kubeconfigDirectory, Api.Url, token);
        StartTime = clock.Elapsed;
    }

    /// <summary>Each seeded pod's IP: a pod-network address on its port, piped to the local ztunnel's listener of the pod in the same place.</summary>
    private async Task PlacePodsAsync(CancellationToken ct)
    {
        var workloads = await http.GetFromJsonAsync<List<LocalWorkload>>(new Uri(ZtunnelAdmin, "/workloads"), ct) ?? [];
        var services = Api.Objects("", "services", Namespace);
        var placed = 0;
        foreach (var byWorkload in Api.Objects("", "pods", Namespace).GroupBy(Workload))
        {
            var local = workloads.Where(w => w.Namespace == Namespace && w.WorkloadName == byWorkload.Key && w.Protocol == "HBONE")
                .OrderBy(w => w.PodName, StringComparer.Ordinal).ToList();
            var pods = byWorkload.OrderBy(p => p.Name(), StringComparer.Ordinal).ToList();
            Assert.True(local.Count == pods.Count, $"workload {byWorkload.Key}: {pods.Count} pod(s) in the fake cluster, {local.Count} captured by the local ztunnel");
            foreach (var (pod, entry) in pods.Zip(local))
            {
                var ip = PodNetwork.Add(PortOf(pod, services), IPEndPoint.Parse(entry.Address));
                Api.Update("", "pods", Namespace, pod.Name(), p =>
                {
                    p["status"]!["podIP"] = ip;
                    p["status"]!["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
                });
                placed++;
            }
        }

        Assert.True(placed > 0, "no pod of the fake cluster was placed on the pod network");
        PlacedPods = placed;
    }

    private static string Workload(JsonObject pod) =>
        pod["metadata"]?["ownerReferences"]?[0]?["name"]?.GetValue<string>() is { } replicaSet
            ? replicaSet[..replicaSet.LastIndexOf('-')]
            : pod.Name();

    /// <summary>The port the cluster inspector addresses a pod at: the targetPort of the Service selecting it, else its first container port.</summary>
    private static int PortOf(JsonObject pod, IReadOnlyList<JsonObject> services)
    {
        var labels = pod["metadata"]?["labels"] as JsonObject ?? [];
        var service = services
            .Where(s => s["spec"]?["selector"] is JsonObject { Count: > 0 } selector
                        && selector.All(l => labels[l.Key]?.GetValue<string>() == l.Value?.GetValue<string>()))
            .OrderBy(s => s.Name(), StringComparer.Ordinal)
            .FirstOrDefault();
        var port = service?["spec"]?["ports"]?[0];
        if (port?["targetPort"] is JsonValue target && target.TryGetValue<long>(out var number))
        {
            return (int)number;
        }

        return (int)(port?["port"]?.GetValue<long>() ?? pod["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!.GetValue<long>());
    }

    private async Task WaitForHealthAsync(Uri endpoint, CancellationToken ct)
    {
        var last = "no answer yet";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var response = await http.GetAsync(new Uri(endpoint, "/health"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
            if (ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{endpoint} never answered /health ({last})");
            }
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Mirror?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await PodNetwork.DisposeAsync();
        if (app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }

        if (builder is not null)
        {
            await GateHarness.RemoveMeshCaAsync(builder);
            await builder.DisposeAsync();
        }

        http.Dispose();
    }

    private sealed record LocalWorkload(string Namespace, string PodName, string Address, string Protocol, string WorkloadName);
}

internal static class JsonObjectNames
{
    public static string Name(this JsonObject item) => item["metadata"]?["name"]?.GetValue<string>() ?? "";
}
