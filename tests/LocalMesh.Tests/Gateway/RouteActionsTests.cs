using System.Net;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using static AmbientVerify.TestSupport.Routes;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>
/// What a route does besides forwarding: VirtualService faults (Istio's fault filter runs ahead of the router),
/// Istio's own answers for backends it could not build, direct responses, and weighted backends.
/// </summary>
public sealed class RouteActionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly VirtualServiceRetries Retry5xx = new(3, null, "5xx");

    /// <summary>Always the same roll: 0 applies every percentage above 0; 0.99 applies only percentages above 99.</summary>
    private sealed class FixedRoll(double value) : ITrafficRandom
    {
        public double NextDouble() => value;
    }

    private static RouteActions Fault(FaultAbort? abort = null, FaultDelay? delay = null) =>
        RouteActions.None with { Fault = new FaultInjection(delay, abort) };

    [Fact]
    public async Task An_injected_abort_is_answered_by_the_gateway_and_never_retried()
    {
        await using var backend = await ScriptedBackend.StartAsync(_ => BackendAction.Status(200));
        var route = VirtualService(retries: Retry5xx, actions: Fault(abort: new FaultAbort(503, null)));
        await using var gateway = await GatewayHost.StartAsync([route], new Dictionary<string, Uri> { [Backend] = backend.Address });

        using var response = await gateway.Client.GetAsync("/api/customers", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(GatewayRequestHandler.FaultAbortBody, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, backend.Tries);
    }

    [Theory]
    [InlineData(50.0, 0.4, true)]
    [InlineData(50.0, 0.6, false)]
    [InlineData(0.0, 0.0, false)]
    public async Task An_abort_applies_to_its_percentage_of_requests(double percent, double roll, bool aborted)
    {
        await using var backend = await ScriptedBackend.StartAsync(_ => BackendAction.Status(200));
        var route = VirtualService(actions: Fault(abort: new FaultAbort(418, percent)));
        await using var gateway = await GatewayHost.StartAsync([route], new Dictionary<string, Uri> { [Backend] = backend.Address }, trafficRandom: new FixedRoll(roll));

        using var response = await gateway.Client.GetAsync("/api/customers", Ct);

        Assert.Equal(aborted ? (HttpStatusCode)418 : HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(aborted ? 0 : 1, backend.Tries);
    }

    [Fact]
    public async Task An_injected_delay_holds_the_request_before_it_is_forwarded()
    {
        await using var backend = await ScriptedBackend.StartAsync(_ => BackendAction.Status(200));
        var route = VirtualService(actions: Fault(delay: new FaultDelay(Ms(300), null)));
        await using var gateway = await GatewayHost.StartAsync([route], new Dictionary<string, Uri> { [Backend] = backend.Address });
        var started = System.Diagnostics.Stopwatch.StartNew();

        using var response = await gateway.Client.GetAsync("/api/customers", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(started.Elapsed >= Ms(300), $"answered after {started.Elapsed}");
        Assert.Equal(1, backend.Tries);
    }

    [Theory]
    [InlineData(BackendState.NotFound, true, 500)]
    [InlineData(BackendState.NotPermitted, true, 500)]
    [InlineData(BackendState.NotFound, false, 503)]
    public async Task A_backend_istio_could_not_build_gets_500_for_an_http_route_and_503_for_a_virtual_service(BackendState state, bool httpRoute, int status)
    {
        var route = httpRoute ? HttpRoute() : VirtualService();
        route = route with { Backends = [new RouteBackend(route.Backends[0].Destination, state)] };
        await using var backend = await ScriptedBackend.StartAsync(_ => BackendAction.Status(200));
        await using var gateway = await GatewayHost.StartAsync([route], new Dictionary<string, Uri> { [Backend] = backend.Address });

        using var response = await gateway.Client.GetAsync("/api/customers", Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(0, backend.Tries);
    }

    [Fact]
    public async Task A_rule_without_a_backend_of_weight_above_zero_answers_500()
    {
        var route = HttpRoute() with { Backends = [] };
        await using var gateway = await GatewayHost.StartAsync([route], new Dictionary<string, Uri>());

        using var response = await gateway.Client.GetAsync("/api/customers", Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task A_direct_response_is_answered_with_its_status_and_body()
    {
        var route = VirtualService(actions: RouteActions.None with { DirectResponse = new DirectResponse(503, "maintenance") });
        await using var gateway = await GatewayHost.StartAsync([route], new Dictionary<string, Uri>());

        using var response = await gateway.Client.GetAsync("/api/customers", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("maintenance", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData(0.05, "canary")]
    [InlineData(0.5, "stable")]
    [InlineData(0.95, "stable")]
    public async Task A_weighted_route_sends_each_request_to_the_backend_its_weight_covers(double roll, string expected)
    {
        await using var canary = await ScriptedBackend.StartAsync(_ => BackendAction.Status(201));
        await using var stable = await ScriptedBackend.StartAsync(_ => BackendAction.Status(202));
        var route = HttpRoute(backends: [Destination("canary", weight: 10), Destination("stable", weight: 90)]);
        await using var gateway = await GatewayHost.StartAsync([route],
            new Dictionary<string, Uri> { ["canary"] = canary.Address, ["stable"] = stable.Address }, trafficRandom: new FixedRoll(roll));

        using var response = await gateway.Client.GetAsync("/api/customers", Ct);

        Assert.Equal(expected == "canary" ? HttpStatusCode.Created : HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(expected == "canary" ? 1 : 0, canary.Tries);
    }
}
