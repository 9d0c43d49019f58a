using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Checks.Reachability;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.Checks.Reachability;

/// <summary>
/// Each route's plain request through a stand-in gateway: an answer from the backend passes, one the gateway made
/// itself fails with what came back, a POST route is not sent to the real service, and no answer is an error.
/// </summary>
public sealed class ReachabilityCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/customers", Verdict.Pass, "GET probe.ambientverify.invalid/api/customers answered 200 by Service ecommerce/customer-service")]
    [InlineData("/api/missing", Verdict.Fail, "was answered 404 by the gateway itself, not by Service ecommerce/customer-service: the gateway serves no route for it")]
    [InlineData("/api/unhealthy", Verdict.Fail, "answered 503 by the gateway itself, not by Service ecommerce/customer-service (\"no healthy upstream\"): no healthy upstream or a reset")]
    [InlineData("/api/failing", Verdict.Pass, "answered 500 by Service ecommerce/customer-service")]
    public async Task A_route_passes_only_when_its_backend_answered(string path, Verdict verdict, string words)
    {
        await using var gateway = await StandInGateway.StartAsync();
        var route = Routes.HttpRoute(Routes.Exact(path));

        var result = Assert.Single(await RunAsync(gateway.Url, ProbeTargets.For(Routes.Routing(route), route)));

        Assert.Equal(ReachabilityConstants.AnsweredByBackendCase.Id, result.CaseId);
        Assert.Equal(verdict, result.Verdict);
        Assert.Contains(words, result.Message);
        Assert.Equal("", gateway.LastQuery);
        Assert.False(gateway.LastHadTriesHeader);
    }

    [Fact]
    public async Task A_post_route_is_not_sent_to_the_real_service()
    {
        await using var gateway = await StandInGateway.StartAsync();
        var route = Routes.HttpRoute(match: new RequestMatch(Routes.Exact("/api/orders")) { Method = "POST" });

        var result = Assert.Single(await RunAsync(gateway.Url, ProbeTargets.For(Routes.Routing(route), route)));

        Assert.Equal(Verdict.Gap, result.Verdict);
        Assert.Contains("not sent: the route matches POST, which may change data", result.Message);
        Assert.Equal(0, gateway.Requests);
    }

    [Fact]
    public async Task No_answer_is_an_error_never_a_pass()
    {
        var route = Routes.HttpRoute(Routes.Exact("/api/customers"));

        var result = Assert.Single(await RunAsync(LoopbackPorts.ClosedUrl(), ProbeTargets.For(Routes.Routing(route), route)));

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.StartsWith("could not look: GET probe.ambientverify.invalid/api/customers got no answer", result.Message);
    }

    [Fact]
    public async Task A_route_without_a_request_is_an_error_with_the_reason()
    {
        var route = Routes.HttpRoute(Routes.Exact("/api/customers"));
        var target = new ProbeTarget(route, null, "no path fits the regular expression");

        var result = Assert.Single(await RunAsync(LoopbackPorts.ClosedUrl(), target));

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Equal("could not look: no path fits the regular expression", result.Message);
    }

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(Uri gateway, params ProbeTarget[] targets)
    {
        using var http = new HttpClient();
        return await ReachabilityCheck.RunAsync(http, gateway, targets, new RequestRateLimiter(100, 10, TimeProvider.System), TimeSpan.FromSeconds(10), TimeProvider.System, Ct);
    }

    /// <summary>Answers as Envoy does: from the "backend" with x-envoy-upstream-service-time, or locally without it.</summary>
    private sealed class StandInGateway : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private StandInGateway(WebApplication app) => _app = app;

        public Uri Url { get; private set; } = null!;

        public int Requests => _requests;

        /// <summary>The last request's query: a fault instruction would show here.</summary>
        public string? LastQuery { get; private set; }

        public bool LastHadTriesHeader { get; private set; }

        public static async Task<StandInGateway> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var gateway = new StandInGateway(app);
            app.Run(async context =>
            {
                Interlocked.Increment(ref gateway._requests);
                gateway.LastQuery = context.Request.QueryString.Value;
                gateway.LastHadTriesHeader = context.Request.Headers.ContainsKey(ProbeRequest.TriesHeader);
                switch (context.Request.Path.Value)
                {
                    case "/api/customers":
                        context.Response.Headers[ReachabilityConstants.UpstreamServiceTimeHeader] = "3";
                        await context.Response.WriteAsync("[]");
                        break;
                    case "/api/failing":
                        context.Response.StatusCode = 500;
                        context.Response.Headers[ReachabilityConstants.UpstreamServiceTimeHeader] = "2";
                        break;
                    case "/api/unhealthy":
                        context.Response.StatusCode = 503;
                        await context.Response.WriteAsync("no healthy upstream");
                        break;
                    default:
                        context.Response.StatusCode = 404;
                        break;
                }
            });
            await app.StartAsync();
            gateway.Url = new Uri(app.Urls.First());
            return gateway;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
