using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests.Model;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using static AmbientVerify.TestSupport.Routes;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>The router alone, on a fake clock: which timers it arms, without waiting for them.</summary>
public sealed class EnvoyRouterTests
{
    private static readonly Uri Backend = new("http://customer-service.test/");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static BufferedRequest Get() => new()
    {
        Method = "GET",
        PathAndQuery = "/api/customers/1",
        Host = "shop.example.com",
        Headers = [],
        Body = null,
        RequestId = "req-1",
        RemoteAddress = "127.0.0.1",
        Scheme = "http",
    };

    internal static EnvoyRouter Router(HttpMessageHandler upstream, TimeProvider time) =>
        new(new HttpMessageInvoker(upstream), time, FixedBackoffRandom.Lowest,
            new GatewayTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()));

    // router.cc FilterUtility::finalTimeout: per_try_timeout >= route timeout → no per-try timer, so a stalled
    // first try is never cut (and retried) by one; only the route timeout ends it.
    [Theory]
    [InlineData(10, 10, false)]
    [InlineData(10, 12, false)]
    [InlineData(10, 9, true)]
    public async Task Per_try_timer_is_armed_only_below_the_route_timeout(int routeSeconds, int perTrySeconds, bool cutAtPerTry)
    {
        var time = new FakeTimeProvider();
        using var upstream = new StallingUpstream();
        var gatewayRoute = VirtualService(timeout: S(routeSeconds), retries: new VirtualServiceRetries(3, S(perTrySeconds), "5xx"));
        var route = new MeshRoute(gatewayRoute, RoutePolicyTranslator.Translate(gatewayRoute));
        using var routeTimer = new CancellationTokenSource();

        var sending = Router(upstream, time).SendAsync(route, Backend, new AmbientVerify.Manifests.NamespacedName("ecommerce", "customer-service"), Get(), null, routeTimer.Token);
        await upstream.FirstTryStarted.WaitAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(Math.Min(perTrySeconds, routeSeconds)) + TimeSpan.FromMilliseconds(1));
        var cutBeforeRouteTimeout = upstream.CutTries.ToList();
        routeTimer.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        Assert.Equal(cutAtPerTry ? [1] : [], cutBeforeRouteTimeout);
        if (!cutAtPerTry)
        {
            Assert.Equal(1, upstream.Tries);
        }
    }

    // router.cc decodeData: retry_state_.reset() once the body outgrows the buffer — the stalled try is cut by its
    // per-try timeout and not retried, though 5xx would retry it otherwise.
    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    public async Task Request_whose_body_outgrew_the_retry_buffer_gets_no_retry(bool overflowed, int tries)
    {
        var time = new FakeTimeProvider();
        using var upstream = new StallingUpstream();
        var gatewayRoute = VirtualService(timeout: S(30), retries: new VirtualServiceRetries(3, S(1), "5xx"));
        var route = new MeshRoute(gatewayRoute, RoutePolicyTranslator.Translate(gatewayRoute));
        var request = overflowed
            ? BufferedRequest.WithUnbufferedBody(Post("abc"), "abc"u8.ToArray(), new MemoryStream("def"u8.ToArray()))
            : Post("abcdef");
        using var routeTimer = new CancellationTokenSource();

        var sending = Router(upstream, time).SendAsync(route, Backend, new AmbientVerify.Manifests.NamespacedName("ecommerce", "customer-service"), request, null, routeTimer.Token);
        await upstream.FirstTryStarted.WaitAsync(Ct);
        time.Advance(S(1) + TimeSpan.FromMilliseconds(1));
        if (!overflowed)
        {
            await upstream.TryStarted(2).WaitAsync(Ct);
        }

        routeTimer.Cancel();
        try
        {
            await sending;
        }
        catch (OperationCanceledException)
        {
            // The route timeout (here: the test) ended a retried request.
        }

        Assert.Equal(tries, upstream.Tries);
        Assert.All(upstream.Bodies, body => Assert.Equal("abcdef"u8.ToArray(), body));
    }

    private static BufferedRequest Post(string body) => new()
    {
        Method = "POST",
        PathAndQuery = "/api/customers",
        Host = "shop.example.com",
        Headers = [],
        Body = System.Text.Encoding.ASCII.GetBytes(body),
        RequestId = "req-2",
        RemoteAddress = "127.0.0.1",
        Scheme = "http",
    };
}
