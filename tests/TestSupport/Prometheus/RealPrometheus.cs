using System.Diagnostics;
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
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private RealPrometheus(ServerProcess server) => _server = server;

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

    /// <summary>An instant query (<c>/api/v1/query</c>): its result vector.</summary>
    /// <exception cref="InvalidOperationException">Prometheus refused the query (its error), or the result is not a vector.</exception>
    public async Task<IReadOnlyList<PromSample>> QueryAsync(string promql, CancellationToken cancellationToken = default)
    {
        var url = new Uri(Address, "/api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused {promql}: {(root.TryGetProperty("error", out var error) ? error.GetString() : body)}");
        }

        var data = root.GetProperty("data");
        if (data.GetProperty("resultType").GetString() != "vector")
        {
            throw new InvalidOperationException($"{promql} gives a {data.GetProperty("resultType").GetString()}, not a vector");
        }

        return [.. data.GetProperty("result").EnumerateArray().Select(r => new PromSample(
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
            ParseValue(r.GetProperty("value")[1].GetString() ?? "NaN")))];
    }

    /// <summary>
    /// Queries every 250 ms until <paramref name="predicate"/> holds for the result, and returns that result.
    /// </summary>
    /// <exception cref="TimeoutException">It never held: the message gives the last result and the scrape targets' health.</exception>
    public async Task<IReadOnlyList<PromSample>> WaitForAsync(string promql, Func<IReadOnlyList<PromSample>, bool> predicate, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<PromSample> last = [];
        while (true)
        {
            last = await QueryAsync(promql, cancellationToken).ConfigureAwait(false);
            if (predicate(last))
            {
                return last;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"{promql} did not give the expected result within {timeout.TotalSeconds:0.#} s; last result: " +
                                           $"[{string.Join(", ", last)}]; targets: {await TargetsAsync(cancellationToken).ConfigureAwait(false)}");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Each scrape target's health and last error (<c>/api/v1/targets</c>), in one line.</summary>
    public async Task<string> TargetsAsync(CancellationToken cancellationToken = default)
    {
        var body = await _http.GetStringAsync(new Uri(Address, "/api/v1/targets"), cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(body);
        return string.Join("; ", json.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t =>
            $"{t.GetProperty("scrapeUrl").GetString()} {t.GetProperty("health").GetString()} {t.GetProperty("lastError").GetString()}".Trim()));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}
