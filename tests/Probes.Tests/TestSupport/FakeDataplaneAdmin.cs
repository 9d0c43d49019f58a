using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>One row of GET /workloads, serialised with the camelCase names istioctl uses.</summary>
internal sealed record WorkloadRow(string Namespace, string PodName, string Address, string Node, string Waypoint, string Protocol);

/// <summary>
/// A ztunnel or sidecar admin endpoint on 127.0.0.1:0: GET /workloads (the rows given) and GET /metrics
/// (the text the scenario writes for the n-th scrape, counting from 1, so counters can grow between snapshots).
/// </summary>
internal sealed class FakeDataplaneAdmin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _scrapes;

    private FakeDataplaneAdmin(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public int Scrapes => _scrapes;

    public static async Task<FakeDataplaneAdmin> StartAsync(IReadOnlyList<WorkloadRow> workloads, Func<int, string> metrics)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var admin = new FakeDataplaneAdmin(app);
        app.MapGet("/workloads", () => Results.Json(workloads));
        app.MapGet("/metrics", () => Results.Text(metrics(Interlocked.Increment(ref admin._scrapes)), "text/plain; version=0.0.4"));
        await app.StartAsync();
        admin.Address = new Uri(app.Urls.Single());
        return admin;
    }

    /// <summary>
    /// An honest ztunnel for <paramref name="manifests"/>: captured pods as HBONE, the others as TCP, every pod's
    /// plaintext address at <paramref name="pod"/>; each scrape shows one more mutual_tls connection from the
    /// gateway to every captured workload.
    /// </summary>
    public static Task<FakeDataplaneAdmin> ZtunnelAsync(MeshManifests manifests, FakePod pod)
    {
        var topology = MeshTopology.From(manifests);
        var rows = topology.Pods
            .Select(p => new WorkloadRow(p.Namespace, p.Name, pod.Address, "local", "None", p.Dataplane == PodDataplane.Ztunnel ? "HBONE" : "TCP"))
            .ToList();
        var captured = topology.Workloads.Where(w => w.Pods.Any(p => p.Dataplane == PodDataplane.Ztunnel)).Select(w => w.Name).ToList();
        return StartAsync(rows, scrape => IstioMetrics.Text(captured.Select(w => IstioMetrics.Opened(w, scrape)).ToArray()));
    }

    /// <summary>One sidecar per workload, as the LocalMesh sidecar stand-ins: its pods as TCP, mutual_tls from the gateway.</summary>
    public static async Task<IReadOnlyList<FakeDataplaneAdmin>> SidecarsAsync(MeshManifests manifests, FakePod pod)
    {
        var sidecars = new List<FakeDataplaneAdmin>();
        foreach (var workload in MeshTopology.From(manifests).Workloads)
        {
            var rows = workload.Pods.Select(p => new WorkloadRow(p.Namespace, p.Name, pod.Address, "local", "None", "TCP")).ToList();
            sidecars.Add(await StartAsync(rows, scrape => IstioMetrics.Text(IstioMetrics.Opened(workload.Name, scrape))));
        }

        return sidecars;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
