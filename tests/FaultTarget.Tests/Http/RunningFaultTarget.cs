using System.Net.Http.Json;
using AmbientVerify.FaultTarget.Endpoints;
using AmbientVerify.FaultTarget.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.FaultTarget.Tests.Http;

/// <summary>
/// The real FaultTarget on Kestrel at 127.0.0.1 on a random port (a reset must close a real TCP connection): one
/// service, or several with a listener each (<see cref="StartServicesAsync"/>).
/// </summary>
public sealed class RunningFaultTarget : IAsyncDisposable
{
    /// <summary>How long a test waits in real time for something that should happen at once.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly WebApplication app;

    private RunningFaultTarget(WebApplication app, IReadOnlyDictionary<string, HttpClient> clients, HttpClient first)
    {
        this.app = app;
        Clients = clients;
        Client = first;
    }

    /// <summary>A client of the (first) service's listener.</summary>
    public HttpClient Client { get; }

    /// <summary>A client per listener, by the service it answers as (its <c>x-fault-service</c>).</summary>
    public IReadOnlyDictionary<string, HttpClient> Clients { get; }

    public WebApplication App => app;

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
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = Patience };
        return new RunningFaultTarget(app, new Dictionary<string, HttpClient> { [serviceName] = client }, client);
    }

    /// <summary>
    /// One FaultTarget for several services, each on its own listener at 127.0.0.1:0 (FaultTarget:Services); which
    /// listener is which is read from the <c>x-fault-service</c> each one answers with.
    /// </summary>
    public static async Task<RunningFaultTarget> StartServicesAsync(params string[] qualifiedNames)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < qualifiedNames.Length; i++)
        {
            var (ns, name) = (qualifiedNames[i].Split('/')[0], qualifiedNames[i].Split('/')[1]);
            settings[$"FaultTarget:Services:{i}:Name"] = name;
            settings[$"FaultTarget:Services:{i}:Namespace"] = ns;
            settings[$"FaultTarget:Services:{i}:Url"] = "http://127.0.0.1:0";
            settings[$"FaultTarget:Services:{i}:Replicas"] = "3";
        }

        var app = FaultTargetApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses)
        {
            var client = new HttpClient { BaseAddress = new Uri(address), Timeout = Patience };
            using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            clients[health.Headers.GetValues(FaultHeaders.Service).Single()] = client;
        }

        var first = qualifiedNames[0].Split('/')[1];
        return new RunningFaultTarget(app, clients, clients[first]);
    }

    public async Task<TriesEndpoint.TriesReport> GetTriesAsync(string uuid, string prefix = "", HttpClient? through = null)
    {
        var report = await (through ?? Client).GetFromJsonAsync<TriesEndpoint.TriesReport>($"{prefix}/__faults/tries/{uuid}", TestContext.Current.CancellationToken);
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
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
