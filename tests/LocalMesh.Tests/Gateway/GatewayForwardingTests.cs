using System.Diagnostics;
using System.Net;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Model;
using static AmbientVerify.TestSupport.Routes;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>The gateway against a real scripted backend: Envoy's router behaviour end to end, short real waits.</summary>
public sealed class GatewayForwardingTests
{
    private const string Path = "/api/customers/1";

    private static readonly VirtualServiceRetries Retry5xx = new(3, null, "5xx");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(GatewayHost Gateway, ScriptedBackend Backend)> StartAsync(GatewayRoute route, Func<int, BackendAction> script)
    {
        var backend = await ScriptedBackend.StartAsync(script);
        var gateway = await GatewayHost.StartAsync([route], new Dictionary<string, Uri> { [Backend] = backend.Address });
        return (gateway, backend);
    }

    [Fact]
    public async Task Status_500_three_times_then_200_under_virtual_service_5xx_answers_200_after_four_tries()
    {
        var (gateway, backend) = await StartAsync(VirtualService(retries: Retry5xx), n => BackendAction.Status(n <= 3 ? 500 : 200));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, backend.Tries);
        Assert.Equal(["1", "2", "3", "4"], backend.AttemptCountHeaders);
    }

    [Fact]
    public async Task Back_off_before_each_retry_is_drawn_from_envoy_exponential_windows()
    {
        var random = new FixedBackoffRandom(fraction: 0);
        await using var backend = await ScriptedBackend.StartAsync(_ => BackendAction.Status(500));
        await using var gateway = await GatewayHost.StartAsync(
            [VirtualService(retries: Retry5xx)], new Dictionary<string, Uri> { [Backend] = backend.Address }, random);

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal([25L, 50L, 100L], random.Bounds);
    }

    [Fact]
    public async Task Retriable_codes_exhausted_returns_the_last_upstream_500()
    {
        var (gateway, backend) = await StartAsync(HttpRoute(retry: new HttpRouteRetry(3, [500], null)), _ => BackendAction.Status(500));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("try 4: 500", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(4, backend.Tries);
    }

    [Fact]
    public async Task HttpRoute_default_policy_does_not_retry_503()
    {
        var (gateway, backend) = await StartAsync(HttpRoute(), _ => BackendAction.Status(503));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, backend.Tries);
    }

    [Fact]
    public async Task Reset_is_retried_under_reset()
    {
        var (gateway, backend) = await StartAsync(
            VirtualService(retries: new VirtualServiceRetries(3, null, "reset")),
            n => n <= 3 ? BackendAction.Reset : BackendAction.Status(200));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["1", "2", "3", "4"], backend.AttemptCountHeaders);
    }

    [Fact]
    public async Task Reset_after_a_warm_connection_is_counted_once_per_gateway_try()
    {
        // The upstream client must not silently resend a request whose pooled connection died (.NET does that
        // for idempotent requests on reused connections); Envoy would not, and the backend's count would double.
        var (gateway, backend) = await StartAsync(
            VirtualService(retries: new VirtualServiceRetries(1, null, "reset")),
            n => n == 1 ? BackendAction.Status(200) : BackendAction.Reset);
        await using var _ = gateway;
        await using var __ = backend;
        using var warmUp = await gateway.Client.GetAsync(Path, Ct);

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        // Warm-up try, then the two tries of the reset request, each seen once.
        Assert.Equal(["1", "1", "2"], backend.AttemptCountHeaders);
    }

    [Fact]
    public async Task Reset_is_not_retried_under_httproute_retry_and_answers_envoy_503()
    {
        var (gateway, backend) = await StartAsync(HttpRoute(retry: new HttpRouteRetry(3, [500, 502, 503, 504], null)), _ => BackendAction.Reset);
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
            await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, backend.Tries);
    }

    [Fact]
    public async Task Route_timeout_answers_504_upstream_request_timeout()
    {
        var (gateway, backend) = await StartAsync(VirtualService(timeout: Ms(300), retries: Retry5xx), _ => BackendAction.Delay(S(5)));
        await using var _ = gateway;
        await using var __ = backend;
        var watch = Stopwatch.StartNew();

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream request timeout", await response.Content.ReadAsStringAsync(Ct));
        Assert.InRange(watch.Elapsed, Ms(250), S(3));
        Assert.Equal(1, backend.Tries);
    }

    [Fact]
    public async Task Stalled_try_is_retried_after_the_per_try_timeout_under_5xx()
    {
        var (gateway, backend) = await StartAsync(
            VirtualService(timeout: S(5), retries: new VirtualServiceRetries(3, Ms(200), "5xx")),
            n => n == 1 ? BackendAction.Delay(S(5)) : BackendAction.Status(200));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["1", "2"], backend.AttemptCountHeaders);
    }

    [Fact]
    public async Task Per_try_timeouts_exhausted_answer_504_upstream_request_timeout()
    {
        var (gateway, backend) = await StartAsync(
            VirtualService(timeout: S(5), retries: new VirtualServiceRetries(1, Ms(150), "5xx")),
            _ => BackendAction.Delay(S(5)));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream request timeout", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, backend.Tries);
    }

    [Fact]
    public async Task Per_try_timeout_is_not_retried_under_httproute_retry()
    {
        var (gateway, backend) = await StartAsync(
            HttpRoute(retry: new HttpRouteRetry(3, [503], null), timeouts: new HttpRouteTimeouts(S(5), Ms(200))),
            _ => BackendAction.Delay(S(5)));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(1, backend.Tries);
    }

    [Fact]
    public async Task Connection_refused_is_retried_by_the_default_policy_then_answers_envoy_503()
    {
        await using var gateway = await GatewayHost.StartAsync([HttpRoute()], new Dictionary<string, Uri> { [Backend] = ScriptedBackend.ClosedPort() });

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith(
            "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure",
            await response.Content.ReadAsStringAsync(Ct),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_without_backend_answers_503_no_healthy_upstream()
    {
        await using var gateway = await GatewayHost.StartAsync([HttpRoute()], new Dictionary<string, Uri>());

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no healthy upstream", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Unmatched_path_answers_404()
    {
        var (gateway, backend) = await StartAsync(HttpRoute(), _ => BackendAction.Status(200));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync("/api/customersX", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, backend.Tries);
    }

    [Fact]
    public async Task Every_try_carries_the_same_method_path_query_and_body()
    {
        var (gateway, backend) = await StartAsync(VirtualService(retries: Retry5xx), n => BackendAction.Status(n == 1 ? 500 : 201));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.PostAsync(Path + "?q=1", new StringContent("{\"name\":\"kim\"}"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["POST /api/customers/1?q=1 {\"name\":\"kim\"}", "POST /api/customers/1?q=1 {\"name\":\"kim\"}"], backend.Requests);
    }

    [Fact]
    public async Task Response_carries_no_attempt_count_but_the_upstream_service_time()
    {
        var (gateway, backend) = await StartAsync(VirtualService(retries: Retry5xx), n => BackendAction.Status(n == 1 ? 500 : 200));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.GetAsync(Path, Ct);

        Assert.False(response.Headers.Contains(UpstreamRequestFactory.AttemptCountHeader));
        Assert.True(response.Headers.Contains("x-envoy-upstream-service-time"));
        Assert.Equal("try 2: 200", await response.Content.ReadAsStringAsync(Ct));
    }
}
