using AmbientVerify.TestSupport;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Audit;

public class ConfigAuditTests
{
    private static NamespaceManifest Namespace(params (string Key, string Value)[] labels) => new(
        new ObjectRef("v1", "Namespace", "ecommerce", "", "01-namespace.yaml:1"),
        labels.ToDictionary(l => l.Key, l => l.Value));

    private static readonly NamespaceManifest AmbientNamespace = Namespace(("istio.io/dataplane-mode", "ambient"));

    private static readonly VirtualServiceManifest LeftVirtualService = Routes.Legacy().VirtualService!;

    private static MeshManifests Manifests(
        NamespaceManifest? ns = null,
        IReadOnlyList<HttpRouteManifest>? httpRoutes = null,
        IReadOnlyList<VirtualServiceManifest>? virtualServices = null,
        IReadOnlyList<DestinationRuleManifest>? destinationRules = null) => new()
    {
        SourceDirectory = "samples/test",
        Namespaces = [ns ?? AmbientNamespace],
        HttpRoutes = httpRoutes ?? [Routes.CorrectedAmbient().HttpRoute!],
        VirtualServices = virtualServices ?? [],
        DestinationRules = destinationRules ?? [],
    };

    private static DestinationRuleManifest DestinationRule(string name, bool circuitBreaker) => new(
        new ObjectRef("networking.istio.io/v1", "DestinationRule", name, "ecommerce", $"{name}.yaml:1"),
        "customer-service", "ISTIO_MUTUAL", circuitBreaker, circuitBreaker);

    private static IReadOnlyList<CheckResult> Run(MeshManifests manifests, MeshMode mode = MeshMode.Ambient) =>
        ConfigAudit.Run(manifests, mode, Matrix.Defaults);

    private static CheckResult Single(IReadOnlyList<CheckResult> results, string rule) => Assert.Single(results, r => r.Case == rule);

    [Fact]
    public void Corrected_ambient_manifests_pass_every_rule()
    {
        Assert.All(Run(Manifests()), r => Assert.Equal(Verdict.Pass, r.Verdict));
    }

    [Fact]
    public void Every_audit_result_is_reported_as_the_config_audit_check()
    {
        Assert.All(Run(Manifests()), r => Assert.Equal("config-audit", r.Check));
    }

    [Fact]
    public void Missing_ambient_label_fails_and_says_which_label_to_add()
    {
        var result = Single(Run(Manifests(Namespace())), "namespace is labelled istio.io/dataplane-mode=ambient");

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("add label istio.io/dataplane-mode: ambient", result.Message);
    }

    [Theory]
    [InlineData(MeshMode.Ambient, "namespace-labelled-ambient")]
    [InlineData(MeshMode.Sidecar, "namespace-injected")]
    public void A_namespace_whose_labels_the_run_assumed_is_a_gap_naming_the_assumption(MeshMode mode, string caseId)
    {
        var assumed = new NamespaceManifest(new ObjectRef("v1", "Namespace", "ecommerce", "ecommerce", "assumed: no Namespace object in the manifests"),
            new Dictionary<string, string> { ["istio.io/dataplane-mode"] = "ambient" }) { Assumed = true };

        var results = Run(Manifests(assumed), mode).Where(r => r.Subject.ToString() == "Namespace ecommerce").ToList();

        var result = Assert.Single(results);
        Assert.Equal((caseId, Verdict.Gap), (result.CaseId, result.Verdict));
        Assert.Equal("namespace ecommerce has no Namespace object in the manifests; the run assumed it labelled istio.io/dataplane-mode=ambient " +
                     "(from --expect, or --namespace-label), so its labels are not checked here", result.Message);
        Assert.StartsWith("check the live namespace (kubectl get namespace ecommerce --show-labels)", result.Remedy);
    }

    [Fact]
    public void Injection_label_left_on_an_ambient_namespace_fails()
    {
        var ns = Namespace(("istio.io/dataplane-mode", "ambient"), ("istio-injection", "enabled"));

        Assert.Equal(Verdict.Fail, Single(Run(Manifests(ns)), "namespace does not request sidecar injection").Verdict);
    }

    [Fact]
    public void Left_VirtualService_fails_naming_it_and_its_file()
    {
        var result = Single(Run(Manifests(virtualServices: [LeftVirtualService])), "no VirtualService is left");

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("VirtualService ecommerce/customer-service (virtualservice.yaml:1)", result.Message);
    }

    [Fact]
    public void Left_circuit_breaker_DestinationRule_fails_under_its_own_rule()
    {
        var results = Run(Manifests(destinationRules: [DestinationRule("circuit-breaker", circuitBreaker: true)]));

        Assert.Equal(Verdict.Fail, Single(results, "no circuit-breaker DestinationRule is left").Verdict);
        Assert.Equal(Verdict.Pass, Single(results, "no DestinationRule is left").Verdict);
    }

    [Fact]
    public void Left_mtls_DestinationRule_fails_naming_its_file()
    {
        var result = Single(Run(Manifests(destinationRules: [DestinationRule("customer-service", circuitBreaker: false)])), "no DestinationRule is left");

        Assert.Contains("customer-service.yaml:1", result.Message);
    }

    [Fact]
    public void Retry_annotation_fails_naming_it_and_the_fix()
    {
        var result = Single(Run(Manifests(httpRoutes: [Routes.AsPlanned().HttpRoute!])), "no retry.istio.io annotation is relied on");

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("retry.istio.io/attempts", result.Message);
        Assert.Contains("spec.rules[].retry {attempts: 3, codes: [500, 502, 503, 504]}", result.Message);
    }

    [Fact]
    public void Backend_request_without_retry_fails()
    {
        var trap = Routes.HttpRoute(timeouts: new HttpRouteTimeouts(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10))).HttpRoute!;

        var result = Single(Run(Manifests(httpRoutes: [trap])), "no timeouts.backendRequest without retry");

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("backendRequest 10s without retry", result.Message);
    }

    /// <summary>The audit's remedies for a route an expectations file gives its own values.</summary>
    private static IReadOnlyList<CheckResult> RunWithRouteExpectations(GatewayRoute route, string yaml)
    {
        var file = ExpectationsFileReader.Parse(yaml, "expectations.yaml", Matrix.Defaults);
        var expectations = RouteExpectationsResolver.Resolve(file, Matrix.Defaults, Routes.Routing(route), [route]);
        return ConfigAudit.Run(Manifests(httpRoutes: [route.HttpRoute!]), MeshMode.Ambient, expectations);
    }

    [Fact]
    public void Retry_annotation_remedy_names_the_retry_the_routes_expectations_ask_for()
    {
        var result = Single(RunWithRouteExpectations(Routes.AsPlanned(), "routes:\n  - match: {name: customer-service-route}\n    retries: 1\n"),
            "no retry.istio.io annotation is relied on");

        Assert.Contains("use spec.rules[].retry {attempts: 1, codes: [500, 502, 503, 504]} and delete the annotations", result.Message);
    }

    [Fact]
    public void Backend_request_remedy_adds_no_retry_to_a_route_expected_not_to_retry()
    {
        var trap = Routes.HttpRoute(timeouts: new HttpRouteTimeouts(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)));

        var result = Single(RunWithRouteExpectations(trap, "routes:\n  - match: {name: customer-service-route}\n    retries: 0\n"),
            "no timeouts.backendRequest without retry");

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.EndsWith("every request ends then; remove it", result.Message);
    }

    [Fact]
    public void Backend_request_with_retry_is_fine()
    {
        var perTry = Routes.HttpRoute(retry: new HttpRouteRetry(3, Routes.PlanCodes, null), timeouts: new HttpRouteTimeouts(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10))).HttpRoute!;

        Assert.Equal(Verdict.Pass, Single(Run(Manifests(httpRoutes: [perTry])), "no timeouts.backendRequest without retry").Verdict);
    }

    [Fact]
    public void Sidecar_mode_expects_the_injection_label()
    {
        var result = Single(Run(Manifests(Namespace(("istio-injection", "enabled"))), MeshMode.Sidecar), "namespace requests sidecar injection");

        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public void Sidecar_mode_fails_a_namespace_without_the_injection_label()
    {
        var result = Single(Run(Manifests(), MeshMode.Sidecar), "namespace requests sidecar injection");

        Assert.Equal(Verdict.Fail, result.Verdict);
    }

    [Fact]
    public void Sidecar_mode_passes_present_VirtualServices()
    {
        var results = Run(Manifests(Namespace(("istio-injection", "enabled")), virtualServices: [LeftVirtualService]), MeshMode.Sidecar);

        Assert.Equal(Verdict.Pass, Single(results, "VirtualService is expected in sidecar mode").Verdict);
    }

    [Fact]
    public void Missing_namespace_object_is_an_error_not_a_pass()
    {
        var manifests = new MeshManifests { SourceDirectory = "samples/test" };

        Assert.Equal(Verdict.Error, Single(Run(manifests), "namespace is labelled istio.io/dataplane-mode=ambient").Verdict);
    }
}
