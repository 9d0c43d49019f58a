using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.Probes.Telemetry;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>The order a run calls the lifecycle in, end to end: sweep, plan, apply, converge, clean up.</summary>
public sealed class TwinLifecycleTests
{
    [Fact]
    public async Task A_whole_run_leaves_nothing_behind_and_no_log_line_carries_the_secret()
    {
        await using var scene = await TwinScene.StartAsync(("90-catalog.yaml", TwinScene.CatalogRoute));
        await using var gateway = await StandInGateway.StartAsync();
        scene.MarkDeploymentsAvailableOnCreate();

        var sweep = await scene.Twins.SweepLeftoversAsync(TwinScene.Namespace, TwinScene.Ct);
        var plan = await scene.PlanAsync(scene.Options with { ConvergenceDeadline = TimeSpan.FromHours(1) });
        gateway.Secret = plan.Run.Secret;
        gateway.NotYet = 1;
        CleanupReport cleanup;
        ConvergenceReport convergence;
        try
        {
            await scene.Twins.ApplyAsync(plan, TwinScene.Ct);
            convergence = await scene.OnFakeTimeAsync(scene.Twins.WaitForConvergenceAsync(gateway.Url, plan, TwinScene.Ct), TimeSpan.FromMilliseconds(500));
        }
        finally
        {
            cleanup = await scene.Twins.CleanupAsync(plan);
        }

        Assert.Empty(sweep.Deleted);
        Assert.True(convergence.Converged, convergence.ToString());
        Assert.True(cleanup.Complete);
        Assert.Empty(scene.HarnessObjects());
        Assert.NotEmpty(scene.Log.Lines);
        Assert.DoesNotContain(plan.Run.Secret, scene.Log.All);
        Assert.DoesNotContain(plan.Run.Secret, TwinRoutes.Render(plan));
        Assert.DoesNotContain(plan.Run.Secret, string.Join("\n", plan.NotTwinned.Append(convergence.ToString()).Append(cleanup.ToString())));
    }

    [Fact]
    public async Task Each_lifecycle_step_is_logged_under_its_event_id_in_the_order_of_the_run()
    {
        await using var scene = await TwinScene.StartAsync(("90-catalog.yaml", TwinScene.CatalogRoute));
        await using var gateway = await StandInGateway.StartAsync();
        scene.MarkDeploymentsAvailableOnCreate();

        await scene.Twins.SweepLeftoversAsync(TwinScene.Namespace, TwinScene.Ct);
        var plan = await scene.PlanAsync(scene.Options with { ConvergenceDeadline = TimeSpan.FromHours(1) });
        gateway.Secret = plan.Run.Secret;
        try
        {
            await scene.Twins.ApplyAsync(plan, TwinScene.Ct);
            await scene.OnFakeTimeAsync(scene.Twins.WaitForConvergenceAsync(gateway.Url, plan, TwinScene.Ct), TimeSpan.FromMilliseconds(500));
        }
        finally
        {
            await scene.Twins.CleanupAsync(plan);
        }

        int[] steps = [ProbeLog.TwinSweptId, ProbeLog.TwinPlannedId, ProbeLog.TwinCreatedId, ProbeLog.FaultTargetAvailableId, ProbeLog.TwinConvergedId, ProbeLog.TwinCleanedUpId];
        Assert.Equal(steps, scene.Log.EventIds.Where(steps.Contains).Distinct());
        Assert.All(scene.Log.EventIds, id => Assert.InRange(id, 1300, 1399));
    }
}
