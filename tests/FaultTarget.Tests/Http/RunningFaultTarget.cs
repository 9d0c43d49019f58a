using System.Net.Http.Json;
using AmbientVerify.FaultTarget.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.FaultTarget.Tests.Http;

/// <summary>The real FaultTarget on Kestrel at 127.0.0.1 on a random port (a reset must close a real TCP connection).</summary>
public sealed class RunningFaultTarget : IAsyncDisposable
{
    /// <summary>How long a test waits in real time for something that should happen at once.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly WebApplication app;

    private RunningFaultTarget(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<RunningFaultTarget> StartAsync(
        string serviceName = "customer-service", TimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        var app = FaultTargetApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings ?? [])
            {
                ["FaultTarget:ServiceName"] = serviceName,
            });
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningFaultTarget(app, new HttpClient { BaseAddress = new Uri(address), Timeout = Patience });
    }

    public async Task<TriesEndpoint.TriesReport> GetTriesAsync(string uuid, string prefix = "")
    {
        var report = await Client.GetFromJsonAsync<TriesEndpoint.TriesReport>($"{prefix}/__faults/tries/{uuid}", TestContext.Current.CancellationToken);
        return report ?? throw new InvalidOperationException("The tries endpoint answered null.");
    }

    /// <summary>Polls the tries endpoint (real time: only for HTTP tests) until <paramref name="condition"/> holds.</summary>
    public async Task<TriesEndpoint.TriesReport> WaitForTriesAsync(string uuid, Func<TriesEndpoint.TriesReport, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var report = await GetTriesAsync(uuid);
            if (condition(report))
            {
                return report;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Tries of {uuid} never reached the expected state; last count {report.Count}.");
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
