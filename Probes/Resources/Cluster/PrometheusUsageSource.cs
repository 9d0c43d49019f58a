using System.Globalization;
using System.Text.Json;
using AmbientVerify.Probes.Cluster;

namespace AmbientVerify.Probes.Resources.Cluster;

/// <summary>
/// Usage from Prometheus' HTTP API (<c>GET /api/v1/query?query=…</c>, an instant vector) over the kubelet's cAdvisor
/// series: <c>container_memory_working_set_bytes</c> (what the metrics-server reports as memory, and what the OOM killer
/// looks at) and <c>rate(container_cpu_usage_seconds_total[1m])</c> (cores). The pod-level series (<c>container=""</c>)
/// and the pause container (<c>container="POD"</c>) are left out, as <c>kubectl top</c> leaves them out.
/// </summary>
public sealed class PrometheusUsageSource(HttpClient http, Uri prometheus, IReadOnlyList<string> namespaces) : IContainerUsageSource
{
    public string Description => $"Prometheus {prometheus.GetLeftPart(UriPartial.Authority)} (container_memory_working_set_bytes, rate(container_cpu_usage_seconds_total[1m]))";

    /// <summary>The two queries, for the namespaces given (a regular expression alternation of their names).</summary>
    public (string Memory, string Cpu) Queries()
    {
        var selector = $"namespace=~\"{string.Join('|', namespaces.Select(System.Text.RegularExpressions.Regex.Escape))}\",container!=\"\",container!=\"POD\"";
        return ($"container_memory_working_set_bytes{{{selector}}}", $"rate(container_cpu_usage_seconds_total{{{selector}}}[1m])");
    }

    public async Task<IReadOnlyList<ContainerUsageSample>> ReadAsync(CancellationToken cancellationToken)
    {
        var (memoryQuery, cpuQuery) = Queries();
        var memory = await QueryAsync(memoryQuery, cancellationToken).ConfigureAwait(false);
        var cpu = await QueryAsync(cpuQuery, cancellationToken).ConfigureAwait(false);
        return memory.Keys.Union(cpu.Keys)
            .Select(key => new ContainerUsageSample(key.Namespace, key.Pod, key.Container, cpu.GetValueOrDefault(key), (long)memory.GetValueOrDefault(key)))
            .ToList();
    }

    private async Task<Dictionary<(string Namespace, string Pod, string Container), double>> QueryAsync(string query, CancellationToken cancellationToken)
    {
        var url = new Uri(prometheus, $"api/v1/query?query={Uri.EscapeDataString(query)}");
        string body;
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && !body.TrimStart().StartsWith('{'))
            {
                throw new ClusterAccessException($"--prometheus {prometheus}: {(int)response.StatusCode} to {query}: check the URL (it is Prometheus' base URL, without /api/v1)");
            }
        }
        catch (HttpRequestException e)
        {
            throw new ClusterAccessException($"--prometheus {prometheus} is unreachable ({e.Message}): check the URL and the network", e);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                throw new ClusterAccessException($"--prometheus {prometheus}: the query {query} failed ({root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()})");
            }

            var values = new Dictionary<(string, string, string), double>();
            foreach (var series in root.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                var labels = series.GetProperty("metric");
                string Label(string name) => labels.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";
                var key = (Label("namespace"), Label("pod"), Label("container"));
                // A container may have several series (e.g. one per cgroup id after a restart): they are summed.
                values[key] = values.GetValueOrDefault(key) + double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            }

            return values;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ClusterAccessException($"--prometheus {prometheus}: the answer to {query} is not Prometheus' query API JSON ({e.Message}): is the URL Prometheus' base URL?", e);
        }
    }
}
