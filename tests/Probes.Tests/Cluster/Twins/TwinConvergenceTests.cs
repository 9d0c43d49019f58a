using AmbientVerify.Probes.Cluster.Twins;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>Convergence: each twin's own request answered by the FaultTarget as the right Service, polled within bounds.</summary>
public sealed class TwinConvergenceTests
{
    [Fact]
    public async Task Twins_the_gateway_serves_after_a_few_404s_converge_and_each_request_carried_the_secret_on_a_twin_path()
    {
        await using var scene = await TwinScene.StartAsync();
        await using var gateway = await StandInGateway.StartAsync();
        var plan = await scene.PlanAsync(scene.Options with { ConvergenceDeadline = TimeSpan.FromHours(1) });
        gateway.Secret = plan.Run.Secret;
        gateway.NotYet = 3;

        var report = await scene.OnFakeTimeAsync(scene.Twins.WaitForConvergenceAsync(gateway.Url, plan, TwinScene.Ct), TimeSpan.FromMilliseconds(500));

        Assert.True(report.Converged, report.ToString());
        Assert.Equal(plan.Twins.Select(t => t.Name), report.Twins.Select(t => t.Twin));
        Assert.All(report.Twins, t => Assert.Equal(4, t.Requests));
        Assert.All(report.Twins, t => Assert.True(t.After >= TimeSpan.FromSeconds(1.5), t.ToString()));
        Assert.All(gateway.Requests, r => Assert.Equal(plan.Run.Secret, r.Secret));
        Assert.All(gateway.Requests, r => Assert.StartsWith("/__ambientverify/", r.Path, StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Run.Secret, scene.Log.All);
    }

    [Fact]
    public async Task A_twin_never_served_is_named_with_the_route_and_what_the_last_request_got_within_the_request_bound()
    {
        await using var scene = await TwinScene.StartAsync();
        await using var gateway = await StandInGateway.StartAsync();
        var plan = await scene.PlanAsync(scene.Options with { ConvergenceDeadline = TimeSpan.FromHours(1), ConvergenceMaxRequests = 5 });
        gateway.Secret = plan.Run.Secret;
        gateway.NotYet = int.MaxValue;

        var report = await scene.OnFakeTimeAsync(scene.Twins.WaitForConvergenceAsync(gateway.Url, plan, TwinScene.Ct), TimeSpan.FromMilliseconds(500));
        var customer = report.Never.Single(t => t.Route == "customer-service-route");

        Assert.False(report.Converged);
        Assert.Equal(plan.Twins.Count, report.Never.Count);
        Assert.Equal($"av-{plan.Run.RunId}-customer-service-route-0 (route customer-service-route) never converged: 5 request(s), "
                     + "the last got 404 without x-fault-service (expected 2xx from customer-service)", customer.ToString());
        Assert.Equal(5 * plan.Twins.Count, gateway.Requests.Count);
        Assert.Contains("never converged", scene.Log.All);
    }

    [Fact]
    public async Task An_answer_from_another_service_is_not_convergence_and_the_deadline_ends_the_wait()
    {
        await using var scene = await TwinScene.StartAsync();
        await using var gateway = await StandInGateway.StartAsync();
        var plan = await scene.PlanAsync(scene.Options with { ConvergenceDeadline = TimeSpan.FromSeconds(10) });
        gateway.Secret = plan.Run.Secret;
        gateway.AnswerAs = "product-service"; // the real route still takes the request, or a stale twin

        var report = await scene.OnFakeTimeAsync(scene.Twins.WaitForConvergenceAsync(gateway.Url, plan, TwinScene.Ct), TimeSpan.FromMilliseconds(500));
        var customer = report.Twins.Single(t => t.Route == "customer-service-route");

        Assert.Null(customer.After);
        Assert.InRange(customer.Requests, 1, 21);
        Assert.EndsWith("the last got 200 from product-service (expected 2xx from customer-service)", customer.ToString());
        Assert.NotNull(report.Twins.Single(t => t.Route == "product-service-route").After);
    }

    [Fact]
    public async Task A_request_the_gateway_holds_is_given_up_after_the_attempt_timeout_and_asked_again_within_the_deadline()
    {
        await using var scene = await TwinScene.StartAsync();
        await using var gateway = await StandInGateway.StartAsync();
        var plan = await scene.PlanAsync(scene.Options with { ConvergenceDeadline = TimeSpan.FromHours(1) });
        gateway.Secret = plan.Run.Secret;
        gateway.Holds = 1;

        var report = await scene.OnFakeTimeAsync(scene.Twins.WaitForConvergenceAsync(gateway.Url, plan, TwinScene.Ct), TimeSpan.FromMilliseconds(500));

        Assert.True(report.Converged, report.ToString());
        Assert.All(report.Twins, t => Assert.Equal(2, t.Requests));
        Assert.All(report.Twins, t => Assert.InRange(t.After!.Value, ConvergenceWait.AttemptTimeout, TimeSpan.FromMinutes(1)));
    }
}
