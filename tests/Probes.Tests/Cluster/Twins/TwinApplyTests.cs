using System.Text.Json.Nodes;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Twins;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>Apply: exactly the plan, in order, then the FaultTarget Available; refusals in words; clean-up after each failure.</summary>
public sealed class TwinApplyTests
{
    private static IReadOnlyList<string> Planned(TwinPlan plan) =>
        plan.Objects.Select(o => $"{o["kind"]} {o["metadata"]!["name"]}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Apply_creates_exactly_the_plan_services_first_and_routes_last_and_waits_for_the_deployment()
    {
        await using var scene = await TwinScene.StartAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        var plan = await scene.PlanAsync();

        await scene.Twins.ApplyAsync(plan, TwinScene.Ct);
        var creates = scene.Api.Requests.Where(r => r.Verb == "create").Select(r => r.Resource).ToList();

        Assert.Equal(Planned(plan), scene.HarnessObjects());
        Assert.Equal(plan.Objects.Select(o => o["kind"]!.GetValue<string>() switch { "Service" => "services", "Deployment" => "deployments", _ => "httproutes" }), creates);
        Assert.Contains(scene.Api.Requests, r => r is { Verb: "get", Resource: "deployments" });
        Assert.Contains($"FaultTarget Deployment ecommerce/av-{plan.Run.RunId}-faulttarget is Available", scene.Log.All);
    }

    [Fact]
    public async Task A_deployment_that_never_becomes_available_ends_the_apply_at_the_deadline_naming_it_and_cleanup_removes_everything()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync(scene.Options with { AvailableDeadline = TimeSpan.FromSeconds(90) });

        var error = await Assert.ThrowsAsync<TwinException>(() => scene.OnFakeTimeAsync(scene.Twins.ApplyAsync(plan, TwinScene.Ct), TimeSpan.FromSeconds(1)));
        var cleanup = await scene.Twins.CleanupAsync(plan);

        Assert.Equal($"the FaultTarget Deployment ecommerce/av-{plan.Run.RunId}-faulttarget is not Available after 90s (no Available condition yet (0 ready replica(s))): "
                     + $"check its pods (kubectl describe deployment -n ecommerce av-{plan.Run.RunId}-faulttarget: image example.com/faulttarget:1 pullable?, quota?); the twins are cleaned up",
            error.Message);
        Assert.Empty(scene.HarnessObjects());
        Assert.True(cleanup.Complete);
        Assert.Equal(plan.Objects.Count, cleanup.Deleted.Count);
    }

    [Fact]
    public async Task A_forbidden_create_names_the_verb_and_the_resource_and_cleanup_removes_what_was_created_before()
    {
        await using var scene = await TwinScene.StartAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        scene.Api.Forbid("create", "gateway.networking.k8s.io", "httproutes");
        var plan = await scene.PlanAsync();

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => scene.Twins.ApplyAsync(plan, TwinScene.Ct));
        var leftBeforeCleanup = scene.HarnessObjects();
        var cleanup = await scene.Twins.CleanupAsync(plan);

        Assert.Contains("the credentials may not create httproutes.gateway.networking.k8s.io in ecommerce (403 Forbidden)", error.Message);
        Assert.Contains("grant 'create' on 'httproutes.gateway.networking.k8s.io in ecommerce'", error.Message);
        Assert.Contains($"Deployment av-{plan.Run.RunId}-faulttarget", leftBeforeCleanup);
        Assert.DoesNotContain(leftBeforeCleanup, o => o.StartsWith("HTTPRoute", StringComparison.Ordinal));
        Assert.Empty(scene.HarnessObjects());
        Assert.True(cleanup.Complete);
        Assert.DoesNotContain(plan.Run.Secret, error.Message);
    }

    [Fact]
    public async Task An_object_left_by_an_earlier_apply_of_the_same_run_is_replaced()
    {
        await using var scene = await TwinScene.StartAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        var plan = await scene.PlanAsync();
        var route = (JsonObject)plan.Objects.Last().DeepClone();
        route["spec"]!["rules"]![0]!["timeouts"] = new JsonObject { ["request"] = "1s" };
        scene.Api.Add(route);

        await scene.Twins.ApplyAsync(plan, TwinScene.Ct);
        var stored = scene.Api.Get("gateway.networking.k8s.io", "httproutes", "ecommerce", TwinKind.NameOf(route))!;

        Assert.Equal("30s", stored["spec"]!["rules"]![0]!["timeouts"]!["request"]!.GetValue<string>());
        Assert.Contains(scene.Api.Requests, r => r is { Verb: "update", Resource: "httproutes" });
        Assert.Equal(Planned(plan), scene.HarnessObjects());
    }

    [Fact]
    public async Task A_name_taken_by_another_runs_object_is_not_touched_and_the_apply_says_whose_it_is()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync();
        var service = (JsonObject)plan.Objects[0].DeepClone();
        service["metadata"]!["labels"]![TwinLabels.Run] = "other123";
        scene.Api.Add(service);

        var error = await Assert.ThrowsAsync<TwinException>(() => scene.Twins.ApplyAsync(plan, TwinScene.Ct));

        Assert.Equal($"Service ecommerce/{TwinKind.NameOf(service)} exists and is not of run {plan.Run.RunId} (run other123): delete it, or wait for its run to end, and run again", error.Message);
        Assert.Equal("other123", scene.Api.Get("", "services", "ecommerce", TwinKind.NameOf(service))!["metadata"]!["labels"]![TwinLabels.Run]!.GetValue<string>());
    }
    [Fact]
    public async Task A_refusal_that_quotes_the_secret_is_passed_on_with_the_secret_redacted_and_without_the_request_body()
    {
        await using var scene = await TwinScene.StartAsync();
        scene.MarkDeploymentsAvailableOnCreate();
        var plan = await scene.PlanAsync();
        // An admission webhook or validation that quotes the invalid value back, as the API server's 422 does.
        scene.Api.MapPrefix("/apis/gateway.networking.k8s.io/v1/namespaces/ecommerce/httproutes", async context =>
        {
            var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
            var value = body["spec"]!["rules"]![0]!["matches"]![0]!["headers"]![0]!["value"]!.GetValue<string>();
            await global::AmbientVerify.TestSupport.FakeApi.FakeApiServer.StatusAsync(context, 422, "Invalid",
                $"HTTPRoute.gateway.networking.k8s.io \"x\" is invalid: spec.rules[0].matches[0].headers[0].value: Invalid value: \"{value}\": not allowed");
        });

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => scene.Twins.ApplyAsync(plan, TwinScene.Ct));

        Assert.Contains("the API server answered 422 to create httproutes.gateway.networking.k8s.io in ecommerce", error.Message);
        Assert.Contains("Invalid value: \"<secret>\"", error.Message);
        Assert.DoesNotContain(plan.Run.Secret, error.ToString());
        Assert.Null(error.InnerException);
    }
}
