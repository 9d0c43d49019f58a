using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LoadTests.Tests.TestSupport;

/// <summary>
/// A Kestrel server on a free loopback port: 200 "ok" by default, /status/{code} answers that code, /redirect a 302
/// (never followed), and optionally one stall: from the <c>stallAtRequest</c>-th request on, every request arriving
/// within <c>stallFor</c> is held until the stall ends — a server that stops answering for a while, then recovers.
/// <c>/__process</c> answers as a local mesh gateway process would (this test process's id), for the snapshot's sampler.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _stallEndsAtTicks;

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The Host headers seen, so tests can check a step's request reached the server as built.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> Hosts { get; } = [];

    public static async Task<LoopbackServer> StartAsync(long stallAtRequest = 0, TimeSpan stallFor = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            var n = Interlocked.Increment(ref server._requests);
            server.Hosts.Add(context.Request.Host.Value ?? "");
            if (stallAtRequest > 0 && n == stallAtRequest)
            {
                Interlocked.Exchange(ref server._stallEndsAtTicks, DateTime.UtcNow.Add(stallFor).Ticks);
            }

            var wait = new DateTime(Interlocked.Read(ref server._stallEndsAtTicks), DateTimeKind.Utc) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var path = context.Request.Path.Value ?? "/";
            if (path.StartsWith("/status/", StringComparison.Ordinal) && int.TryParse(path["/status/".Length..], out var code))
            {
                context.Response.StatusCode = code;
                return;
            }

            if (path == Microsoft.Extensions.Hosting.ProcessIdentity.Path)
            {
                await context.Response.WriteAsJsonAsync(new Microsoft.Extensions.Hosting.ProcessIdentity(
                    Environment.ProcessId, Microsoft.Extensions.Hosting.ProcessComponents.Gateway, "localmesh"));
                return;
            }

            if (path == "/redirect")
            {
                context.Response.Redirect("/elsewhere");
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
