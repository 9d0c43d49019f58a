using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using AmbientVerify.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.TestSupport;

/// <summary>
/// What the Gateway API conformance echo backend (<c>conformance/echo-basic/echo-basic.go</c>, the backend behind
/// every Service of the conformance suite) answers: 200 with the request as it arrived, as JSON.
/// </summary>
/// <param name="Path">The request target as received, query included (echo-basic reports <c>r.RequestURI</c>).</param>
/// <param name="Host">The Host header the backend received (after any authority rewrite).</param>
/// <param name="Headers">Every header line as received: a repeated header has several values.</param>
public sealed record EchoedRequest(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string[]> Headers)
{
    /// <summary>The header's values joined with "," as the conformance suite compares them; null when absent.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) is { Value: { } values }
            ? string.Join(",", values)
            : null;

    /// <summary>Reads the JSON body of an echo answer.</summary>
    public static async Task<EchoedRequest> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<EchoedRequest>(cancellationToken)
        ?? throw new InvalidOperationException($"{(int)response.StatusCode} with an empty body, expected an echo");
}

/// <summary>
/// A local stand-in for one Service's pods running the conformance echo backend, on 127.0.0.1:0. Besides echoing it
/// keeps echo-basic's test hooks: <c>?delay=1s</c> waits before answering; under <c>/retry/</c>,
/// <c>?uuid=&lt;id&gt;&amp;succeedAfter=&lt;n&gt;&amp;responseCode=&lt;code&gt;</c> fails the first n requests of that uuid with
/// the code (a reset without one); <c>X-Echo-Set-Header: name:value,…</c> sets response headers. It records every
/// request it received (mirrored copies included), so a test can ask what reached it.
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<EchoedRequest> _received = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    private EchoBackend(WebApplication app, string service, string ns)
    {
        _app = app;
        Service = service;
        Namespace = ns;
    }

    public string Service { get; }

    public string Namespace { get; }

    public Uri Address { get; private set; } = null!;

    /// <summary>Every request that reached this backend, in arrival order.</summary>
    public IReadOnlyList<EchoedRequest> Received => _received.ToList();

    public static async Task<EchoBackend> StartAsync(string service, string ns, CancellationToken cancellationToken)
    {
        // No configuration file watchers: a test run starts many of these, and each watcher costs an inotify instance.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new EchoBackend(app, service, ns);
        app.Run(backend.HandleAsync);
        await app.StartAsync(cancellationToken);
        backend.Address = new Uri(app.Urls.First());
        return backend;
    }

    /// <summary>
    /// The requests matching <paramref name="predicate"/> once at least <paramref name="count"/> have arrived, or
    /// those there are when <paramref name="timeout"/> ends (mirrored copies arrive after the client's answer).
    /// </summary>
    public async Task<IReadOnlyList<EchoedRequest>> WaitForAsync(Func<EchoedRequest, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var matching = Received.Where(predicate).ToList();
            if (matching.Count >= count || DateTime.UtcNow >= deadline)
            {
                return matching;
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var echoed = new EchoedRequest(
            Service,
            Namespace,
            request.Method,
            target,
            request.Host.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray(), StringComparer.OrdinalIgnoreCase));
        _received.Enqueue(echoed);

        if (request.Path.StartsWithSegments("/retry") && await FailThisAttemptAsync(context))
        {
            return;
        }

        if (Durations.TryParse(request.Query["delay"].ToString(), out var delay) && delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        foreach (var line in request.Headers["X-Echo-Set-Header"])
        {
            foreach (var pair in (line ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var colon = pair.IndexOf(':');
                var name = colon < 0 ? pair : pair[..colon];
                var value = colon < 0 ? "" : pair[(colon + 1)..].Trim();
                context.Response.Headers[name] = context.Response.Headers.TryGetValue(name, out var existing) && existing.Count > 0
                    ? existing[0] + "," + value
                    : value;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(echoed, context.RequestAborted);
    }

    /// <summary>echo-basic's retry simulation: the first succeedAfter requests of a uuid fail, the next ones are echoed.</summary>
    private async Task<bool> FailThisAttemptAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var uuid = query["uuid"].ToString();
        if (uuid.Length == 0 || !int.TryParse(query["succeedAfter"], out var succeedAfter))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("uuid and succeedAfter are required", context.RequestAborted);
            return true;
        }

        var attempt = _attempts.AddOrUpdate(uuid, 1, (_, n) => n + 1);
        if (attempt > succeedAfter)
        {
            return false;
        }

        if (int.TryParse(query["responseCode"], out var code))
        {
            context.Response.StatusCode = code;
            return true;
        }

        // No code: the simulator aborts the connection (the client sees a reset).
        context.Abort();
        return true;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One <see cref="EchoBackend"/> per Service, and the Service → URL map a local gateway takes.</summary>
public sealed class EchoBackends : IAsyncDisposable
{
    private readonly Dictionary<string, EchoBackend> _byService;

    private EchoBackends(Dictionary<string, EchoBackend> byService) => _byService = byService;

    public EchoBackend this[string service] => _byService[service];

    /// <summary>Service name → URL (the local gateway resolves backends by Service name).</summary>
    public IDictionary<string, Uri> Addresses => _byService.ToDictionary(b => b.Key, b => b.Value.Address);

    /// <summary>Starts one echo backend per (Service, namespace); a Service name seen twice gets the first namespace's.</summary>
    public static async Task<EchoBackends> StartAsync(IEnumerable<(string Service, string Namespace)> services, CancellationToken cancellationToken)
    {
        var distinct = services.DistinctBy(s => s.Service).ToList();
        var started = await Task.WhenAll(distinct.Select(s => EchoBackend.StartAsync(s.Service, s.Namespace, cancellationToken)));
        return new EchoBackends(started.ToDictionary(b => b.Service));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _byService.Values)
        {
            await backend.DisposeAsync();
        }
    }
}
