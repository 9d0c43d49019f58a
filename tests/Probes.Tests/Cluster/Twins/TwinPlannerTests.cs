using System.Text.Json.Nodes;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.Probes.Running;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>The plan from the live ambient sample: exactly the twin objects DESIGN §4 asks for.</summary>
public sealed class TwinPlannerTests
{
    private static JsonObject Named(TwinPlan plan, string kind, string name) =>
        plan.Objects.Single(o => o["kind"]!.GetValue<string>() == kind && o["metadata"]!["name"]!.GetValue<string>() == name);

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    [Fact]
    public async Task Each_service_route_gets_one_twin_on_its_own_path_with_the_secret_header_and_the_rules_policy()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync();
        var run = plan.Run.RunId;

        var twin = Named(plan, "HTTPRoute", $"av-{run}-customer-service-route-0");
        var rule = Assert.Single(twin["spec"]!["rules"]!.AsArray())!;
        var match = Assert.Single(rule["matches"]!.AsArray())!;

        Assert.Equal("""{"type":"PathPrefix","value":"/__ambientverify/customer-service/api/customers"}""", Json(match["path"]));
        Assert.Equal($$"""[{"type":"Exact","name":"x-ambientverify-run","value":"{{plan.Run.Secret}}"}]""", Json(match["headers"]));
        Assert.Equal("""{"attempts":3,"codes":[500,502,503,504]}""", Json(rule["retry"]));
        Assert.Equal("""{"request":"30s"}""", Json(rule["timeouts"]));
        Assert.Equal($$"""[{"name":"av-{{run}}-customer-service","port":8080}]""", Json(rule["backendRefs"]));
        Assert.Equal("""[{"name":"ecommerce-gateway"}]""", Json(twin["spec"]!["parentRefs"]));
        Assert.Equal("ecommerce", twin["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal($$"""{"app.kubernetes.io/managed-by":"ambientverify","ambientverify.io/run":"{{run}}"}""", Json(twin["metadata"]!["labels"]));
        Assert.Equal("2026-12-02T08:30:00Z", twin["metadata"]!["annotations"]![TwinLabels.Expires]!.GetValue<string>());
        Assert.Equal("host test, user tester", twin["metadata"]!["annotations"]![TwinLabels.CreatedBy]!.GetValue<string>());
    }

    [Fact]
    public async Task The_plan_twins_every_route_of_the_main_gateway_and_the_matrix_target_keeps_the_original_route()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync();

        var customer = plan.Twins.Single(t => t.Original.Source.Name == "customer-service-route");
        var request = customer.Target.Request!;

        Assert.Equal(scene.Targets.Count(t => t.Request is not null), plan.Twins.Count);
        Assert.Same(customer.Original, customer.Target.Route);
        Assert.Equal(RouteKind.HTTPRoute, customer.Target.Route.Kind);
        Assert.Equal("/__ambientverify/customer-service/api/customers", request.Path);
        Assert.Equal([new(TwinLabels.RunHeader, plan.Run.Secret)], request.Headers);
        Assert.Equal(["ecommerce/customer-service"], customer.AnswersAs);
        Assert.Empty(plan.NotTwinned);
    }

    [Fact]
    public async Task The_fault_target_stands_in_for_each_original_service_on_its_own_listener_named_after_the_original()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync();
        var run = plan.Run.RunId;

        var deployment = Named(plan, "Deployment", $"av-{run}-faulttarget");
        var container = Assert.Single(deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;
        var env = container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
        var customerIndex = env.Single(e => e.Value == "customer-service").Key.Split("__")[2];
        var customer = plan.StandIns.Single(s => s.Name == "customer-service");
        var service = Named(plan, "Service", $"av-{run}-customer-service");

        Assert.Equal(1, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("ecommerce", env[$"FaultTarget__Services__{customerIndex}__Namespace"]);
        Assert.Equal($"http://0.0.0.0:{customer.ListenerPort}", env[$"FaultTarget__Services__{customerIndex}__Url"]);
        Assert.Equal(plan.StandIns.Select((_, i) => 8081 + i), plan.StandIns.Select(s => s.ListenerPort).Order());
        Assert.Equal("example.com/faulttarget:1", container["image"]!.GetValue<string>());
        Assert.Equal("/health", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.True(container["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal("256Mi", container["resources"]!["limits"]!["memory"]!.GetValue<string>());
        Assert.Equal($$"""[{"name":"http-8080","port":8080,"targetPort":{{customer.ListenerPort}},"protocol":"TCP"}]""", Json(service["spec"]!["ports"]));
        Assert.Equal(Json(deployment["spec"]!["selector"]!["matchLabels"]), Json(service["spec"]!["selector"]));
        Assert.Equal(["Service", "Service", "Service", "Service", "Service", "Service", "Deployment"],
            plan.Objects.TakeWhile(o => o["kind"]!.GetValue<string>() != "HTTPRoute").Select(o => o["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_rule_keeps_its_method_headers_query_filters_weights_and_annotations_and_loses_its_mirror()
    {
        await using var scene = await TwinScene.StartAsync(("90-catalog.yaml", TwinScene.CatalogRoute));
        var plan = await scene.PlanAsync();
        var run = plan.Run.RunId;

        var twin = Named(plan, "HTTPRoute", $"av-{run}-catalog-route-0");
        var rule = twin["spec"]!["rules"]![0]!;
        var match = rule["matches"]![0]!;
        var annotations = twin["metadata"]!["annotations"]!;

        Assert.Equal("""{"type":"Exact","value":"/__ambientverify/product-service/api/catalog"}""", Json(match["path"]));
        Assert.Equal("GET", match["method"]!.GetValue<string>());
        Assert.Equal("""[{"type":"Exact","name":"view","value":"full"}]""", Json(match["queryParams"]));
        Assert.Equal($$"""[{"type":"Exact","name":"x-canary","value":"true"},{"type":"Exact","name":"x-ambientverify-run","value":"{{plan.Run.Secret}}"}]""", Json(match["headers"]));
        Assert.Equal(["RequestHeaderModifier", "URLRewrite"], rule["filters"]!.AsArray().Select(f => f!["type"]!.GetValue<string>()));
        Assert.Equal($$"""[{"name":"av-{{run}}-product-service","port":8080,"weight":90},{"name":"av-{{run}}-store-service","port":8080,"weight":10}]""", Json(rule["backendRefs"]));
        Assert.Equal("3", annotations["retry.istio.io/attempts"]!.GetValue<string>());
        Assert.Equal("catalog", annotations["team"]!.GetValue<string>());
        Assert.Contains(plan.NotTwinned, n => n.Contains("RequestMirror filter to store-service left out of the twin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_twin_request_of_a_header_and_query_gated_rule_carries_what_the_rule_requires()
    {
        await using var scene = await TwinScene.StartAsync(("90-catalog.yaml", TwinScene.CatalogRoute));
        var plan = await scene.PlanAsync();

        var request = plan.Twins.Single(t => t.Original.Source.Name == "catalog-route").Target.Request!;

        Assert.Equal(("GET", "/__ambientverify/product-service/api/catalog"), (request.Method, request.Path));
        Assert.Contains(new KeyValuePair<string, string>("x-canary", "true"), request.Headers);
        Assert.Contains(new KeyValuePair<string, string>("view", "full"), request.Query);
        Assert.Equal(["ecommerce/product-service", "ecommerce/store-service"], plan.Twins.Single(t => t.Original.Source.Name == "catalog-route").AnswersAs);
    }

    [Fact]
    public async Task A_twin_an_existing_route_would_shadow_is_not_made_and_the_reason_names_that_route()
    {
        const string squatter = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: squatter, namespace: ecommerce}
            spec:
              parentRefs: [{name: ecommerce-gateway}]
              rules:
                - matches: [{path: {type: Exact, value: /__ambientverify/customer-service/api/customers}}]
                  backendRefs: [{name: product-service, port: 8080}]
            """;
        await using var scene = await TwinScene.StartAsync(("90-squatter.yaml", squatter));
        var plan = await scene.PlanAsync();

        var note = Assert.Single(plan.NotTwinned, n => n.StartsWith("customer-service-route:", StringComparison.Ordinal));

        Assert.DoesNotContain(plan.Twins, t => t.Original.Source.Name == "customer-service-route");
        Assert.DoesNotContain(plan.Objects, o => o["metadata"]!["name"]!.GetValue<string>().Contains("customer-service-route", StringComparison.Ordinal));
        Assert.Contains("is taken by squatter", note);
        Assert.Contains(plan.Twins, t => t.Original.Source.Name == "order-service-route");
        Assert.DoesNotContain(plan.Run.Secret, note);
    }

    [Fact]
    public async Task A_route_outside_the_namespace_and_a_target_without_a_request_are_named_with_why()
    {
        await using var scene = await TwinScene.StartAsync();
        var customer = scene.Targets.First(t => t.Route.Source.Name == "customer-service-route");
        var order = scene.Targets.First(t => t.Route.Source.Name == "order-service-route");
        IReadOnlyList<ProbeTarget> targets = [customer with { Request = null, Problem = "a regex nothing fits" }, order];

        var plan = await scene.Twins.PlanAsync(scene.Live, scene.Routing, targets, scene.Options with { Namespace = "shop" }, TwinScene.Ct);

        Assert.Empty(plan.Twins);
        Assert.Empty(plan.Objects);
        Assert.Equal(
            [
                $"{customer.Route.Name}: not twinned: it has no probe request of its own (a regex nothing fits)",
                $"{order.Route.Name}: not twinned: HTTPRoute ecommerce/order-service-route is outside namespace shop, where the twins and the FaultTarget go",
            ], plan.NotTwinned);
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_anything_is_read_each_with_its_reason()
    {
        await using var scene = await TwinScene.StartAsync();

        var error = await Assert.ThrowsAsync<TwinException>(() =>
            scene.PlanAsync(scene.Options with { Namespace = "Shop_1", ConvergencePoll = TimeSpan.Zero, ConvergenceMaxRequests = 0, RunId = "CI-1234567" }));

        Assert.Contains("twin namespace 'Shop_1' is not a Kubernetes namespace name", error.Message);
        Assert.Contains("twin convergence poll is 00:00:00: it must be above zero", error.Message);
        Assert.Contains("twin convergence max requests is 0: it must be at least 1", error.Message);
        Assert.Contains("--run-id 'CI-1234567' must be 1 to 8 lowercase letters and digits", error.Message);
        Assert.DoesNotContain(scene.Api.Requests, r => r.Resource == "httproutes");
    }

    [Fact]
    public async Task A_given_run_id_names_and_labels_every_object()
    {
        await using var scene = await TwinScene.StartAsync();

        var plan = await scene.PlanAsync(scene.Options with { RunId = "ci42" });

        Assert.Equal("ci42", plan.Run.RunId);
        Assert.All(plan.Objects, o =>
        {
            Assert.StartsWith("av-ci42-", o["metadata"]!["name"]!.GetValue<string>());
            Assert.Equal("ci42", o["metadata"]!["labels"]![TwinLabels.Run]!.GetValue<string>());
        });
    }
}
