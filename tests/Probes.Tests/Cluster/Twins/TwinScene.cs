using System.Text.Json.Nodes;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.Probes.Running;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>
/// The ambient sample (plus extra manifests a test plants) twice: in the fake API server as the live cluster, and read
/// with <see cref="MeshManifests.LoadDirectory"/> as the live objects' manifests; the routing and probe targets the
/// matrix would have; and a <see cref="TwinRoutes"/> on fake time with a capturing logger.
/// </summary>
internal sealed class TwinScene : IAsyncDisposable
{
    public const string Namespace = "ecommerce";

    /// <summary>A rule with everything a twin must copy or drop: method, header and query match, filters (a mirror among them), weights, retry, timeouts, annotations.</summary>
    public const string CatalogRoute = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: catalog-route
          namespace: ecommerce
          annotations:
            retry.istio.io/attempts: "3"
            team: catalog
        spec:
          parentRefs:
            - name: ecommerce-gateway
          rules:
            - matches:
                - path: {type: Exact, value: /api/catalog}
                  method: GET
                  headers: [{type: Exact, name: x-canary, value: "true"}]
                  queryParams: [{type: Exact, name: view, value: full}]
              filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier: {add: [{name: x-from, value: gateway}]}
                - type: RequestMirror
                  requestMirror: {backendRef: {name: store-service, port: 8080}}
                - type: URLRewrite
                  urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /api/products}}
              backendRefs:
                - {name: product-service, port: 8080, weight: 90}
                - {name: store-service, port: 8080, weight: 10}
              retry: {attempts: 3, codes: [500, 502, 503, 504]}
              timeouts: {request: 30s}
        """;

    private readonly TempDirectory directory;

    private TwinScene(TempDirectory directory, FakeApiServer api, MeshManifests live)
    {
        this.directory = directory;
        Api = api;
        Live = live;
        Client = ClusterConnection.FromHost(api.Url);
        Routing = GatewayRoutes.Resolve(live, GatewayRoutes.SelectMainGateway(live), GatewayRoutes.Versions(live));
        Targets = ProbeTargets.For(Routing);
        Twins = new TwinRoutes(Client, Http, Time, Log);
    }

    public FakeApiServer Api { get; }
    public IKubernetes Client { get; }
    public MeshManifests Live { get; }
    public GatewayRouting Routing { get; }
    public IReadOnlyList<ProbeTarget> Targets { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    public CapturingLogger<TwinRoutes> Log { get; } = new();
    public HttpClient Http { get; } = new();
    public TwinRoutes Twins { get; }

    public TwinOptions Options { get; init; } = new() { Namespace = Namespace, CreatedBy = "host test, user tester", Image = "example.com/faulttarget:1" };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="extra">More manifests (file name → YAML) beside the sample's.</param>
    public static async Task<TwinScene> StartAsync(params (string File, string Yaml)[] extra)
    {
        var directory = CopyOfSample(extra);
        var api = await FakeApiServer.StartAsync();
        foreach (var file in Directory.EnumerateFiles(directory.Path, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var item in YamlToJson.Documents(File.ReadAllText(file)))
            {
                try
                {
                    api.Add(item);
                }
                catch (ArgumentException)
                {
                    // A kind the fake does not serve (Telemetry): the twins never read it.
                }
            }
        }

        return new TwinScene(directory, api, MeshManifests.LoadDirectory(directory.Path));
    }

    /// <summary>The ambient sample as <see cref="SeededCluster"/> shows it (pods, istiod, ztunnel and its metrics, route status): what the whole cluster gate reads.</summary>
    public static async Task<TwinScene> StartSeededAsync(SeededClusterOptions? options = null)
    {
        var directory = CopyOfSample([]);
        var api = await SeededCluster.StartAsync(directory.Path, options);
        return new TwinScene(directory, api, MeshManifests.LoadDirectory(directory.Path));
    }

    private static TempDirectory CopyOfSample((string File, string Yaml)[] extra)
    {
        var directory = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(Repository.Sample("ambient"), "*.yaml", SearchOption.AllDirectories))
        {
            directory.Write(Path.GetRelativePath(Repository.Sample("ambient"), file), File.ReadAllText(file));
        }

        foreach (var (file, yaml) in extra)
        {
            directory.Write(file, yaml);
        }

        return directory;
    }

    public Task<TwinPlan> PlanAsync(TwinOptions? options = null) => Twins.PlanAsync(Live, Routing, Targets, options ?? Options, Ct);

    /// <summary>Plays the Deployment controller: every FaultTarget Deployment created is Available at once.</summary>
    public void MarkDeploymentsAvailableOnCreate() => DeploymentController.MarkAvailableOnCreate(Api);

    /// <summary>Every object of the harness now stored in the fake, as "Kind name".</summary>
    public IReadOnlyList<string> HarnessObjects() =>
        TwinKind.All.SelectMany(k => Api.Objects(k.Group, k.Plural, Namespace))
            .Where(o => o["metadata"]?["labels"]?[TwinLabels.ManagedBy]?.GetValue<string>() == TwinLabels.ManagedByValue)
            .Select(o => $"{o["kind"]} {o["metadata"]!["name"]}")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Runs <paramref name="task"/> on fake time: advances it a step at a time until the task ends.</summary>
    public Task<T> OnFakeTimeAsync<T>(Task<T> task, TimeSpan step) => Time.RunAsync(task, step, Ct);

    public async Task OnFakeTimeAsync(Task task, TimeSpan step) => await OnFakeTimeAsync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return 0; }, Ct, TaskContinuationOptions.None, TaskScheduler.Default), step);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Api.DisposeAsync();
        directory.Dispose();
    }
}
