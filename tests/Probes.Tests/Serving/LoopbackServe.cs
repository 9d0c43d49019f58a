using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.Probes.Tests.Serving;

/// <summary>
/// Some of serve's endpoints on a free loopback port, with only the services they need, and a client for them: the
/// real HTTP pipeline (routing, status codes, content types) without starting the checks.
/// </summary>
public sealed record LoopbackServe(WebApplication App, HttpClient Http) : IAsyncDisposable
{
    public static async Task<LoopbackServe> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map, CancellationToken cancellation)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        services(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServe(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}
