using System.Net;
using AmbientVerify.Probes.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Serving;

/// <summary>serve's POST /run (the dashboard's "Run the matrix now"): 202 when a run starts, 409 and why when one is going.</summary>
public sealed class RunNowEndpointsTests
{
    [Fact]
    public async Task Between_runs_a_post_starts_a_run_and_says_so()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var serve = await ServeAsync(cancellation);
        var wait = serve.Trigger.WaitAsync(TimeSpan.FromMinutes(5), cancellation);

        using var response = await serve.Http.PostAsync(new Uri(RunNowEndpoints.Path, UriKind.Relative), null, cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("a run of the matrix starts now; its verdict shows when it ends", await response.Content.ReadAsStringAsync(cancellation));
        await wait.WaitAsync(TimeSpan.FromSeconds(10), cancellation);
    }

    [Fact]
    public async Task During_a_run_a_post_is_refused_with_the_runs_start()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var serve = await ServeAsync(cancellation);
        serve.Trigger.RunStarted();

        using var response = await serve.Http.PostAsync(new Uri(RunNowEndpoints.Path, UriKind.Relative), null, cancellation);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("a run is already going (started 15:00:00 UTC): its verdict shows when it ends; no second run was started",
            await response.Content.ReadAsStringAsync(cancellation));
    }

    private static async Task<Serve> ServeAsync(CancellationToken cancellation)
    {
        var serve = await LoopbackServe.StartAsync(services => services
                .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero)))
                .AddSingleton<RunNowTrigger>(),
            app => app.MapRunNowEndpoint(), cancellation);
        return new Serve(serve, serve.Service<RunNowTrigger>());
    }

    private sealed record Serve(LoopbackServe Loopback, RunNowTrigger Trigger) : IAsyncDisposable
    {
        public HttpClient Http => Loopback.Http;

        public ValueTask DisposeAsync() => Loopback.DisposeAsync();
    }
}
