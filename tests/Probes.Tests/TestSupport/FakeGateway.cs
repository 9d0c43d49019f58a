using System.Collections.Concurrent;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Running;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>What the fake gateway does with one probe: the status to answer, the tries the backend counts, and when.</summary>
internal sealed record GatewayAnswer(int Status, int Tries, TimeSpan After);

/// <summary>
/// A tiny real gateway on 127.0.0.1:0: it reads the fault query, answers as its scenario says, and answers the fault
/// backend's tries read (any request with the x-ambientverify-tries header), as the real gateway + FaultTarget do.
/// </summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _tries = new();

    public ConcurrentQueue<(string Path, string Query, string Host)> Probes { get; } = new();

    /// <summary>Copies of each probe a mirror would have sent to another Service: in the tries document, never tries.</summary>
    public int MirroredTries { get; init; }

    /// <summary>The Service ("namespace/name") the tries document says served the tries; null: no per-Service counts (an older FaultTarget).</summary>
    public string? ServedBy { get; init; }

    /// <summary>Every tries read: the path and host it was sent with (the same as its case's).</summary>
    public ConcurrentQueue<(string Path, string Host)> TriesReads { get; } = new();

    private FakeGateway(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <param name="scenario">The answer to a probe; tries null means the backend never saw it.</param>
    /// <param name="mirroredTries">Copies a mirror sent to another Service per probe (listed in the tries document, never tries).</param>
    /// <param name="servedBy">The Service the tries document names as serving the tries; null: a count only.</param>
    public static async Task<FakeGateway> StartAsync(Func<FaultInstruction, GatewayAnswer?> scenario, int mirroredTries = 0, string? servedBy = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeGateway(app) { MirroredTries = mirroredTries, ServedBy = servedBy };

        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (context.Request.Headers[ProbeRequest.TriesHeader].ToString() is { Length: > 0 } uuid)
            {
                gateway.TriesReads.Enqueue((path, context.Request.Host.Value ?? ""));
                var count = gateway._tries.GetValueOrDefault(uuid);
                await context.Response.WriteAsJsonAsync(new
                {
                    uuid,
                    service = "customer-service",
                    count = count + gateway.MirroredTries,
                    services = gateway.ServedBy is { } served
                        ? new Dictionary<string, int> { [served] = count, ["ecommerce/mirror"] = gateway.MirroredTries }
                        : null,
                    tries = Array.Empty<object>(),
                });
                return;
            }

            gateway.Probes.Enqueue((path, context.Request.QueryString.Value ?? "", context.Request.Host.Value ?? ""));
            var query = context.Request.Query;
            var answer = scenario(Parse(query));
            if (answer is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (answer.Tries > 0)
            {
                gateway._tries[query["uuid"].ToString()] = answer.Tries;
            }

            await Task.Delay(answer.After, context.RequestAborted);
            context.Response.StatusCode = answer.Status;
        });

        await app.StartAsync();
        gateway.Address = new Uri(app.Urls.Single());
        return gateway;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static FaultInstruction Parse(IQueryCollection query)
    {
        int? Int(string key) => int.TryParse(query[key], out var v) ? v : null;
        TimeSpan? delay = Durations.TryParse(query["delay"], out var d) ? d : null;
        (int, int)? delayTries = query["delayTries"].ToString().Split('-') is [var from, var to] ? (int.Parse(from), int.Parse(to)) : null;
        return new FaultInstruction(Int("responseCode"), Int("succeedAfter"), delay, delayTries, Int("reset"));
    }
}
