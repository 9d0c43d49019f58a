using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AmbientVerify.TestSupport.Prometheus;

/// <summary>
/// Prometheus' HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/) at any address, as a dashboard
/// reads it: instant queries, label values, the scrape targets. <see cref="RealPrometheus"/> uses it for the server it
/// starts; an end-to-end test uses it for the Prometheus an AppHost run started.
/// </summary>
public sealed class PrometheusHttpApi(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Uri Address { get; } = address;

    /// <summary>An instant query (<c>/api/v1/query</c>): its result vector.</summary>
    /// <exception cref="InvalidOperationException">Prometheus refused the query (its error), or the result is not a vector.</exception>
    public async Task<IReadOnlyList<PromSample>> QueryAsync(string promql, CancellationToken cancellationToken = default)
    {
        var data = await DataAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql), promql, cancellationToken).ConfigureAwait(false);
        if (data.GetProperty("resultType").GetString() != "vector")
        {
            throw new InvalidOperationException($"{promql} gives a {data.GetProperty("resultType").GetString()}, not a vector");
        }

        return [.. data.GetProperty("result").EnumerateArray().Select(r => new PromSample(
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
            ParseValue(r.GetProperty("value")[1].GetString() ?? "NaN")))];
    }

    /// <summary>
    /// The values of <paramref name="label"/> on the series <paramref name="match"/> selects (<c>/api/v1/label/&lt;label&gt;/values?match[]=</c>),
    /// sorted: what a Grafana query variable <c>label_values(match, label)</c> offers.
    /// </summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string match, CancellationToken cancellationToken = default)
    {
        var data = await DataAsync($"/api/v1/label/{Uri.EscapeDataString(label)}/values?match[]={Uri.EscapeDataString(match)}",
            $"label_values({match}, {label})", cancellationToken).ConfigureAwait(false);
        return [.. data.EnumerateArray().Select(v => v.GetString() ?? "").Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Queries every 250 ms until <paramref name="predicate"/> holds for the result, and returns that result.
    /// </summary>
    /// <exception cref="TimeoutException">It never held: the message gives the last result and the scrape targets' health.</exception>
    public async Task<IReadOnlyList<PromSample>> WaitForAsync(string promql, Func<IReadOnlyList<PromSample>, bool> predicate, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var last = await QueryAsync(promql, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The <c>data</c> of a successful answer.</summary>
    /// <exception cref="InvalidOperationException">Prometheus answered an error: the message names <paramref name="what"/> and the error.</exception>
    private async Task<JsonElement> DataAsync(string pathAndQuery, string what, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(Address, pathAndQuery), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused {what}: {(root.TryGetProperty("error", out var error) ? error.GetString() : body)}");
        }

        return root.GetProperty("data").Clone();
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public void Dispose() => _http.Dispose();
}
