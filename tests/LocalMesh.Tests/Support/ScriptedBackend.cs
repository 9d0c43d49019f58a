using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>What the backend does on one try.</summary>
public abstract record BackendAction
{
    public static BackendAction Status(int code) => new StatusAction(code);

    public static BackendAction Reset { get; } = new ResetAction();

    /// <summary>Waits (until the gateway gives up on the try), then answers 200.</summary>
    public static BackendAction Delay(TimeSpan delay) => new DelayAction(delay);
}

public sealed record StatusAction(int Code) : BackendAction;

public sealed record ResetAction : BackendAction;

public sealed record DelayAction(TimeSpan Duration) : BackendAction;

/// <summary>
/// A tiny real backend on 127.0.0.1:0: answers try N with script(N), counts tries itself and records the
/// x-envoy-attempt-count each try carried.
/// </summary>
public sealed class ScriptedBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _attemptHeaders = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private int _tries;

    private ScriptedBackend(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public int Tries => Volatile.Read(ref _tries);

    public IReadOnlyList<string> AttemptCountHeaders => _attemptHeaders.ToList();

    /// <summary>"METHOD path?query body" as each try arrived.</summary>
    public IReadOnlyList<string> Requests => _bodies.ToList();

    public static async Task<ScriptedBackend> StartAsync(Func<int, BackendAction> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new ScriptedBackend(app);
        app.Run(context => backend.HandleAsync(context, script));
        await app.StartAsync(TestContext.Current.CancellationToken);
        backend.Address = new Uri(app.Urls.First());
        return backend;
    }

    /// <summary>A URL on which nothing listens: a port bound then released.</summary>
    public static Uri ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    private async Task HandleAsync(HttpContext context, Func<int, BackendAction> script)
    {
        var attempt = Interlocked.Increment(ref _tries);
        _attemptHeaders.Enqueue(context.Request.Headers["x-envoy-attempt-count"].ToString());
        using var reader = new StreamReader(context.Request.Body);
        _bodies.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {await reader.ReadToEndAsync()}");
        switch (script(attempt))
        {
            case StatusAction status:
                context.Response.StatusCode = status.Code;
                await context.Response.WriteAsync($"try {attempt}: {status.Code}");
                break;
            case ResetAction:
                context.Abort();
                break;
            case DelayAction delay:
                try
                {
                    await Task.Delay(delay.Duration, context.RequestAborted);
                    await context.Response.WriteAsync($"try {attempt}: slow 200");
                }
                catch (OperationCanceledException)
                {
                    // The gateway gave up on this try.
                }

                break;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
