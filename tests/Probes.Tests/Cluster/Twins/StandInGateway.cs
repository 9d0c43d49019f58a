using System.Collections.Concurrent;
using AmbientVerify.Probes.Cluster.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>
/// A loopback stand-in for the cluster's gateway while Istio programs the twins: it answers 404 (route not there yet)
/// for the first <see cref="NotYet"/> requests of each path, then like the FaultTarget behind the twin (200 with
/// <c>x-fault-service</c> of <see cref="AnswerAs"/>) — only when the run's secret header is right.
/// </summary>
internal sealed class StandInGateway : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> seen = new();
    private readonly ConcurrentQueue<(string Path, string? Secret)> requests = new();

    private StandInGateway(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>404s before the route "converges" (per path); int.MaxValue: never.</summary>
    public int NotYet { get; set; }

    /// <summary>The service the FaultTarget answers as, from the twin path's service segment when null.</summary>
    public string? AnswerAs { get; set; }

    public string? Secret { get; set; }

    /// <summary>Whether the real routes (paths outside the twins') are answered 200 by a backend, as Envoy marks it; else 404.</summary>
    public bool ServesRoutes { get; set; }

    /// <summary>The first this many requests of each path get no answer until the client gives up (a gateway holding them).</summary>
    public int Holds { get; set; }

    public IReadOnlyList<(string Path, string? Secret)> Requests => [.. requests];

    public static async Task<StandInGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var gateway = new StandInGateway(app);
        app.Run(gateway.AnswerAsync);
        await app.StartAsync();
        gateway.Url = new Uri(app.Urls.First());
        return gateway;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var secret = context.Request.Headers[TwinLabels.RunHeader].FirstOrDefault();
        requests.Enqueue((path, secret));
        var count = seen.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (count <= Holds)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (ServesRoutes && !path.StartsWith(TwinLabels.PathPrefix + "/", StringComparison.Ordinal))
        {
            context.Response.Headers[AmbientVerify.Probes.Checks.Reachability.ReachabilityConstants.UpstreamServiceTimeHeader] = "3";
            await context.Response.WriteAsync("{}");
            return;
        }

        if (count <= Holds + NotYet || secret != Secret || !path.StartsWith(TwinLabels.PathPrefix + "/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.Headers["x-fault-service"] = AnswerAs ?? path.Split('/')[2];
        await context.Response.WriteAsync("[]");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
