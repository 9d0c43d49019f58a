using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AmbientVerify.AppHost;

/// <summary>
/// Prometheus in a local dashboard run: when a <c>prometheus</c> binary is on PATH (Debian package <c>prometheus</c>),
/// resource <c>prometheus</c> scrapes every process of the run at its <c>/metrics</c> every 5 s, with a generated
/// prometheus.yml and its TSDB in a scratch directory that <see cref="RemoveScratch"/> deletes when the run ends.
/// Without the binary the run says how to get it and goes on.
/// </summary>
/// <remarks>
/// Not in a <c>--gate</c> run (a few seconds long, pushed to a Pushgateway with <c>--pushgateway</c> instead, and every
/// process it starts costs start-up time on a small machine) nor in a <c>--compare</c> run (Prometheus would take CPU
/// from the mesh being measured): Program.cs adds it to the dashboard run only.
/// Every endpoint of the run has its port fixed when the model is built (<see cref="FreePort"/>), so the targets are
/// known before anything starts; the file is written when Prometheus is about to start, with the endpoints' allocated
/// URLs.
/// </remarks>
public sealed class PrometheusResource
{
    public const string ResourceName = "prometheus";
    public const string Binary = "prometheus";
    public const string Package = "prometheus";
    public const string ReadyPath = "/-/ready";
    public const string ScrapeInterval = "5s";

    public const string Warning =
        "Prometheus is not on PATH: install the Debian package prometheus (apt-get install prometheus) to get it as a resource; continuing without it";

    /// <summary>The job names of the scraped processes: each spelled here only.</summary>
    public static class Jobs
    {
        public const string Probes = LocalTarget.ProbesResourceName;
        public const string Gateway = LocalTarget.GatewayResourceName;
        public const string Ztunnel = DataplaneResources.ZtunnelResourceName;
        public const string StandIns = StandInResources.ResourceName;
        public const string LoadTests = CompareRun.LoadResourceName;
        public const string Sidecar = "sidecar";
    }

    /// <summary>One process to scrape: its job, the Aspire resource it is (label <c>resource</c>) and the endpoint serving /metrics.</summary>
    public sealed record Target(string Job, string Resource, EndpointReference Endpoint);

    /// <summary>One scrape target with its address resolved (host:port), as written to prometheus.yml.</summary>
    public sealed record ResolvedTarget(string Job, string Resource, string Address);

    private PrometheusResource(IResourceBuilder<ExecutableResource> process, string scratchDirectory)
    {
        Process = process;
        ScratchDirectory = scratchDirectory;
    }

    public IResourceBuilder<ExecutableResource> Process { get; }

    /// <summary>Holds prometheus.yml and data/; created when Prometheus starts, deleted by <see cref="RemoveScratch"/>.</summary>
    public string ScratchDirectory { get; }

    public string ConfigFile => Path.Combine(ScratchDirectory, "prometheus.yml");

    /// <summary>Where <paramref name="binary"/> is on <paramref name="path"/> (a PATH value), or null.</summary>
    public static string? Locate(string? path, string binary = Binary) =>
        (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, binary))
            .FirstOrDefault(File.Exists);

    /// <summary>The binary on this process's PATH, or null.</summary>
    public static string? LocateOnPath() => Locate(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>
    /// What to scrape in a run: every process of the mesh at the endpoint that answers its /health (and /metrics: the
    /// gateway's admin port, a stand-in listener, a dataplane admin port), and the drivers given (probes, loadtests).
    /// </summary>
    public static IReadOnlyList<Target> Targets(LocalMeshResources mesh, params IEnumerable<(string Job, IResourceBuilder<ExecutableResource> Process)> drivers) =>
    [
        .. mesh.Processes.Select(p => new Target(p.Process.Resource.Name switch
        {
            Jobs.Gateway => Jobs.Gateway,
            Jobs.StandIns => Jobs.StandIns,
            Jobs.Ztunnel => Jobs.Ztunnel,
            _ => Jobs.Sidecar,
        }, p.Process.Resource.Name, p.Health)),
        .. drivers.Select(d => new Target(d.Job, d.Process.Resource.Name, d.Process.GetEndpoint("http"))),
    ];

    /// <summary>
    /// Adds Prometheus scraping <paramref name="targets"/> when <paramref name="locate"/> finds the binary; otherwise
    /// calls <paramref name="warn"/> with <see cref="Warning"/> and adds nothing (null).
    /// </summary>
    public static PrometheusResource? Add(IDistributedApplicationBuilder builder, IReadOnlyList<Target> targets, Func<string?> locate, Action<string> warn)
    {
        if (locate() is not { } binary)
        {
            warn(Warning);
            return null;
        }

        var scratch = Path.Combine(Path.GetTempPath(), "ambientverify-prometheus-" + Guid.NewGuid().ToString("N")[..12]);
        var process = builder.AddExecutable(ResourceName, binary, builder.AppHostDirectory)
            .WithHttpEndpoint(port: FreePort.Next(), name: "http", isProxied: false);
        var endpoint = process.GetEndpoint("http");
        var prometheus = new PrometheusResource(process, scratch);
        process
            .WithArgs(
                $"--config.file={prometheus.ConfigFile}",
                $"--storage.tsdb.path={Path.Combine(scratch, "data")}",
                ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{endpoint.Property(EndpointProperty.Port)}"),
                "--log.level=warn")
            .WithHttpHealthCheck(ReadyPath, endpointName: "http")
            .OnBeforeResourceStarted((_, _, cancellationToken) => prometheus.WriteConfigAsync(targets, cancellationToken));
        foreach (var target in targets)
        {
            process.WithReferenceRelationship(target.Endpoint.Resource);
        }

        return prometheus;
    }

    /// <summary>Writes <see cref="ConfigFile"/> for <paramref name="targets"/>, whose endpoints are allocated by then.</summary>
    public async Task WriteConfigAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken)
    {
        var resolved = new List<ResolvedTarget>();
        foreach (var target in targets)
        {
            var url = await target.Endpoint.GetValueAsync(cancellationToken).ConfigureAwait(false)
                      ?? throw new InvalidOperationException($"{target.Resource}'s endpoint {target.Endpoint.EndpointName} has no URL");
            resolved.Add(new ResolvedTarget(target.Job, target.Resource, new Uri(url).Authority));
        }

        Directory.CreateDirectory(ScratchDirectory);
        await File.WriteAllTextAsync(ConfigFile, Config(resolved), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The prometheus.yml: one job per <see cref="Jobs"/> name that has targets, each target labelled with its resource.</summary>
    public static string Config(IEnumerable<ResolvedTarget> targets)
    {
        var yaml = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"# Written by the AmbientVerify AppHost (PrometheusResource.cs) for one local run.\nglobal:\n  scrape_interval: {ScrapeInterval}\n  scrape_timeout: {ScrapeInterval}\nscrape_configs:\n");
        foreach (var job in targets.GroupBy(t => t.Job, StringComparer.Ordinal))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - job_name: {Quoted(job.Key)}\n")
                .Append("    metrics_path: /metrics\n")
                .Append("    static_configs:\n");
            foreach (var target in job)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      - targets: [{Quoted(target.Address)}]\n")
                    .Append(CultureInfo.InvariantCulture, $"        labels: {{resource: {Quoted(target.Resource)}}}\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>Deletes the scratch directory (config and TSDB) once Prometheus has stopped.</summary>
    public void RemoveScratch()
    {
        if (Directory.Exists(ScratchDirectory))
        {
            Directory.Delete(ScratchDirectory, recursive: true);
        }
    }

    private static string Quoted(string text) => JsonSerializer.Serialize(text);
}
