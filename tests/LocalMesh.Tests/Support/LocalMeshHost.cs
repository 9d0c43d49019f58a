using AmbientVerify.LocalMesh.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>One LocalMesh process (any mode) built exactly as Program.cs builds it, in-process on 127.0.0.1:0.</summary>
public sealed class LocalMeshHost : IAsyncDisposable
{
    private LocalMeshHost(WebApplication app)
    {
        App = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }

    /// <summary>Client for the process's HTTP port (the gateway itself, or the dataplane's admin API).</summary>
    public HttpClient Client { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<LocalMeshHost> StartAsync(IDictionary<string, string?> settings)
    {
        var builder = LocalMeshModes.CreateBuilder([], environmentName: "Testing");
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        // No back-off waits in the gateway: tests assert tries and answers.
        builder.Services.AddSingleton<IBackoffRandom>(FixedBackoffRandom.Lowest);
        var app = LocalMeshModes.Build(builder);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new LocalMeshHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
