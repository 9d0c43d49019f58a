using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.Resources.Cluster;

/// <summary>
/// A loopback stand-in for Prometheus' query API (<c>GET /api/v1/query?query=…</c>), answering in its JSON shape
/// (<c>{"status":"success","data":{"resultType":"vector","result":[{"metric":{…},"value":[ts,"v"]}]}}</c>) from a
/// function of the query; records the queries it was asked.
/// </summary>
public sealed class PrometheusStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _queries = [];

    private PrometheusStandIn(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<string> Queries { get { lock (_queries) { return [.. _queries]; } } }

    /// <param name="answer">Query → the response body (JSON) and status code.</param>
    public static async Task<PrometheusStandIn> StartAsync(Func<string, (int Status, string Json)> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new PrometheusStandIn(app);
        app.MapGet("/api/v1/query", (HttpContext context) =>
        {
            var query = context.Request.Query["query"].ToString();
            lock (standIn._queries)
            {
                standIn._queries.Add(query);
            }

            var (status, json) = answer(query);
            return Results.Content(json, "application/json", statusCode: status);
        });
        await app.StartAsync();
        standIn.Url = new Uri(app.Urls.First() + "/");
        return standIn;
    }

    /// <summary>A vector result: one series per (namespace, pod, container, value).</summary>
    public static string Vector(params (string Namespace, string Pod, string Container, double Value)[] series) =>
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + string.Join(",", series.Select(s =>
            $"{{\"metric\":{{\"namespace\":\"{s.Namespace}\",\"pod\":\"{s.Pod}\",\"container\":\"{s.Container}\"}},\"value\":[1764662400.0,\"{s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"]}}"))
        + "]}}";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
