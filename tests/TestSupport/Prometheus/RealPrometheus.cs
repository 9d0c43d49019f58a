using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AmbientVerify.TestSupport.Prometheus;

/// <summary>What Prometheus scrapes: a job's targets at one metrics path.</summary>
/// <param name="HonorLabels">Keep the scraped job and instance labels (as for a Pushgateway) instead of Prometheus' own.</param>
public sealed record ScrapeTarget(string Job, Uri Address, string MetricsPath = "/metrics", bool HonorLabels = false);

/// <summary>One element of an instant query's result vector.</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The label's value, or null when the series has no such label.</summary>
    public string? this[string label] => Labels.TryGetValue(label, out var value) ? value : null;

    public override string ToString() => "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "} " +
                                         Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The real Prometheus server (Debian's <c>prometheus</c>, /usr/bin/prometheus) for one test: a generated config
/// scraping the given targets every second, its TSDB in a scratch directory, on a free loopback port. Query it as a
/// dashboard would (<see cref="QueryAsync"/>, <see cref="WaitForAsync"/>); dispose kills it and deletes the directory.
/// </summary>
public sealed class RealPrometheus : IAsyncDisposable
{
    public const string Binary = "prometheus";
    public const string Package = "prometheus";

    private readonly ServerProcess _server;

    private RealPrometheus(ServerProcess server)
    {
        _server = server;
        Api = new PrometheusHttpApi(server.Address);
    }

    /// <summary>Its scratch directory (config, storage), deleted on dispose.</summary>
    public string ScratchDirectory => _server.Directory;

    /// <summary>Its base URL, http://127.0.0.1:&lt;port&gt;/.</summary>
    public Uri Address => _server.Address;

    /// <exception cref="InvalidOperationException">prometheus is not installed (the message names the package), or would not start.</exception>
    public static async Task<RealPrometheus> StartAsync(IReadOnlyList<ScrapeTarget> scrapeTargets, CancellationToken cancellationToken = default)
    {
        var server = await ServerProcess.StartAsync(Binary, Package,
            (listen, directory) =>
            [
                $"--config.file={Path.Combine(directory, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address={listen}",
                "--log.level=warn",
            ],
            directory => File.WriteAllText(Path.Combine(directory, "prometheus.yml"), Config(scrapeTargets)),
            cancellationToken).ConfigureAwait(false);
        return new RealPrometheus(server);
    }

    /// <summary>The prometheus.yml for the targets: 1 s scrapes, so a test waits seconds, not minutes.</summary>
    public static string Config(IReadOnlyList<ScrapeTarget> scrapeTargets)
    {
        var yaml = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        foreach (var target in scrapeTargets)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - job_name: {Quoted(target.Job)}\n")
                .Append(CultureInfo.InvariantCulture, $"    honor_labels: {(target.HonorLabels ? "true" : "false")}\n")
                .Append(CultureInfo.InvariantCulture, $"    metrics_path: {Quoted(target.MetricsPath)}\n")
                .Append(CultureInfo.InvariantCulture, $"    scheme: {target.Address.Scheme}\n")
                .Append(CultureInfo.InvariantCulture, $"    static_configs:\n      - targets: [{Quoted(target.Address.Authority)}]\n");
        }

        return yaml.ToString();
    }

    private static string Quoted(string text) => JsonSerializer.Serialize(text);

    /// <summary>Its HTTP API: queries, label values, targets.</summary>
    public PrometheusHttpApi Api { get; }

    /// <inheritdoc cref="PrometheusHttpApi.QueryAsync"/>
    public Task<IReadOnlyList<PromSample>> QueryAsync(string promql, CancellationToken cancellationToken = default) =>
        Api.QueryAsync(promql, cancellationToken);

    /// <inheritdoc cref="PrometheusHttpApi.WaitForAsync"/>
    public Task<IReadOnlyList<PromSample>> WaitForAsync(string promql, Func<IReadOnlyList<PromSample>, bool> predicate, TimeSpan timeout,
        CancellationToken cancellationToken = default) => Api.WaitForAsync(promql, predicate, timeout, cancellationToken);

    /// <inheritdoc cref="PrometheusHttpApi.TargetsAsync"/>
    public Task<string> TargetsAsync(CancellationToken cancellationToken = default) => Api.TargetsAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}
