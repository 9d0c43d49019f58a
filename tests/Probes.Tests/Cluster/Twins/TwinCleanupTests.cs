using System.Text.Json.Nodes;
using AmbientVerify.Probes.Cluster.Twins;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>Clean-up deletes everything of the run, whatever happened before; the sweep removes only expired leftovers.</summary>
public sealed class TwinCleanupTests
{
    [Fact]
    public async Task Cleanup_after_a_successful_apply_removes_everything_and_a_second_cleanup_finds_nothing()
    {
        await using var scene = await TwinScene.StartAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        var plan = await scene.PlanAsync();
        await scene.Twins.ApplyAsync(plan, TwinScene.Ct);

        var first = await scene.Twins.CleanupAsync(plan);
        var second = await scene.Twins.CleanupAsync(plan);

        Assert.Empty(scene.HarnessObjects());
        Assert.Equal(plan.Objects.Count, first.Deleted.Count);
        Assert.StartsWith("HTTPRoute", first.Deleted[0], StringComparison.Ordinal);
        Assert.StartsWith("Service", first.Deleted[^1], StringComparison.Ordinal);
        Assert.Equal((0, true), (second.Deleted.Count, second.Complete));
    }

    [Fact]
    public async Task Cleanup_runs_to_completion_after_the_runs_token_was_cancelled_in_the_middle_of_the_apply()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(TwinScene.Ct);
        scene.Api.Changed += (type, item) =>
        {
            if (type == "ADDED" && item["kind"]?.GetValue<string>() == "Deployment")
            {
                run.Cancel(); // Ctrl+C while the FaultTarget starts
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scene.Twins.ApplyAsync(plan, run.Token));
        var cleanup = await scene.Twins.CleanupAsync(plan);

        Assert.True(run.IsCancellationRequested);
        Assert.Empty(scene.HarnessObjects());
        Assert.True(cleanup.Complete);
        Assert.Contains($"Deployment ecommerce/av-{plan.Run.RunId}-faulttarget", cleanup.Deleted);
    }

    [Fact]
    public async Task Cleanup_finds_by_label_an_object_of_the_run_that_the_plan_does_not_list()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync();
        var stray = (JsonObject)plan.Objects[0].DeepClone();
        stray["metadata"]!["name"] = $"av-{plan.Run.RunId}-stray";
        scene.Api.Add(stray);

        var cleanup = await scene.Twins.CleanupAsync(plan);

        Assert.Equal([$"Service ecommerce/av-{plan.Run.RunId}-stray"], cleanup.Deleted);
        Assert.Empty(scene.HarnessObjects());
    }

    [Fact]
    public async Task A_refused_delete_is_reported_with_the_kubectl_line_and_the_rest_is_still_deleted()
    {
        await using var scene = await TwinScene.StartAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        var plan = await scene.PlanAsync();
        await scene.Twins.ApplyAsync(plan, TwinScene.Ct);
        scene.Api.Forbid("delete", "apps", "deployments");

        var cleanup = await scene.Twins.CleanupAsync(plan);

        var failure = Assert.Single(cleanup.Failed);
        Assert.StartsWith($"Deployment ecommerce/av-{plan.Run.RunId}-faulttarget: the credentials may not delete deployments.apps in ecommerce (403 Forbidden)", failure);
        Assert.Equal([$"Deployment av-{plan.Run.RunId}-faulttarget"], scene.HarnessObjects());
        Assert.Contains($"-l app.kubernetes.io/managed-by=ambientverify,ambientverify.io/run={plan.Run.RunId}", scene.Log.All);
    }

    [Fact]
    public async Task The_sweep_deletes_the_expired_objects_of_a_killed_run_and_leaves_an_unexpired_run_alone()
    {
        await using var scene = await TwinScene.StartAsync();
        var killed = await scene.PlanAsync();
        scene.Time.Advance(TimeSpan.FromMinutes(20));
        var running = await scene.PlanAsync();
        foreach (var item in killed.Objects.Concat(running.Objects))
        {
            scene.Api.Add((JsonObject)item.DeepClone());
        }

        scene.Time.Advance(TimeSpan.FromMinutes(15)); // the first run expired 5 minutes ago, the second has 15 to go
        var sweep = await scene.Twins.SweepLeftoversAsync(TwinScene.Namespace, TwinScene.Ct);

        Assert.Equal(killed.Objects.Count, sweep.Deleted.Count);
        Assert.All(sweep.Deleted, d => Assert.Contains($"of run {killed.Run.RunId} (expired 2026-12-02T08:30:00Z)", d));
        Assert.Equal(running.Objects.Count, sweep.LeftAlone.Count);
        Assert.All(sweep.LeftAlone, d => Assert.Contains($"of run {running.Run.RunId}: expires 2026-12-02T08:50:00Z (a run may still be using it)", d));
        Assert.Equal(running.Objects.Select(o => $"{o["kind"]} {o["metadata"]!["name"]}").Order(StringComparer.Ordinal), scene.HarnessObjects());
    }

    [Fact]
    public async Task The_sweep_leaves_an_object_without_a_readable_expiry_and_says_how_to_delete_it()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync();
        var item = (JsonObject)plan.Objects[0].DeepClone();
        item["metadata"]!["annotations"]![TwinLabels.Expires] = "soon";
        scene.Api.Add(item);

        var sweep = await scene.Twins.SweepLeftoversAsync(TwinScene.Namespace, TwinScene.Ct);

        Assert.Empty(sweep.Deleted);
        Assert.Equal([$"Service ecommerce/{TwinKind.NameOf(item)} of run {plan.Run.RunId}: no readable ambientverify.io/expires annotation ('soon'); "
                      + $"if its run is over, delete it with kubectl delete services -n ecommerce {TwinKind.NameOf(item)}"], sweep.LeftAlone);
    }
}
