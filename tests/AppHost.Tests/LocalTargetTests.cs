using AmbientVerify.Manifests.Topology;
using AmbientVerify.TestSupport;
using AmbientVerify.Manifests;

namespace AmbientVerify.AppHost.Tests;

public sealed class LocalTargetTests
{
    private static string AppHostDirectory => Path.Combine(Repository.Root, "AppHost");

    [Fact]
    public void Stand_ins_come_from_the_manifests_services()
    {
        var target = LocalTarget.Load(AppHostOptions.Parse(["--sample", "ambient"]), AppHostDirectory);

        Assert.Equal(
            ["customer-service", "order-service", "payment-service", "product-service", "saga-tracker", "store-service"],
            target.StandIns.Select(w => w.ServiceName).Order());
    }

    [Fact]
    public void Malformed_yaml_stops_the_run_naming_the_file()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        File.WriteAllText(Path.Combine(manifests, "05-httproute.yaml"), "kind: HTTPRoute\nmetadata: [unclosed\n");

        var error = Assert.Throws<ManifestException>(() =>
            LocalTarget.Load(AppHostOptions.Parse(["--manifests", manifests]), AppHostDirectory));

        Assert.Contains("05-httproute.yaml", error.Message);
    }

    [Fact]
    public void Manifests_a_cluster_would_refuse_stop_the_run_with_the_webhook_words()
    {
        var manifests = BrokenManifests.CopyOfSample("sidecar");
        var file = Path.Combine(manifests, "services", "customer-service-virtualservice.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("retryOn: 5xx,reset,", "retryOn: 5xx, reset,", StringComparison.Ordinal));

        var error = Assert.Throws<ManifestException>(() =>
            LocalTarget.Load(AppHostOptions.Parse(["--manifests", manifests]), AppHostDirectory));

        Assert.Contains("customer-service-virtualservice.yaml:", error.Message);
        Assert.Contains("configuration is invalid: \" reset\" is not a valid retryOn policy", error.Message);
    }

    [Fact]
    public void Manifests_without_a_route_on_the_gateway_are_refused()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        File.Delete(Path.Combine(manifests, "05-httproute.yaml"));
        File.Delete(Path.Combine(manifests, "05-httproute-webhook.yaml"));

        var error = Assert.Throws<ManifestException>(() =>
            LocalTarget.Load(AppHostOptions.Parse(["--manifests", manifests]), AppHostDirectory));

        Assert.Contains("nothing to probe", error.Message);
    }

    [Theory]
    [InlineData("ambient")]
    [InlineData("ambient-as-planned")]
    [InlineData("sidecar")]
    [InlineData("sidecar-unbound")]
    public void Every_sample_loads_as_a_local_target(string sample)
    {
        var target = LocalTarget.Load(AppHostOptions.Parse(["--sample", sample]), AppHostDirectory);

        Assert.Equal(6, target.StandIns.Count);
    }

    [Theory]
    [InlineData("ambient", "ecommerce:istio.io/dataplane-mode=ambient", PodDataplane.Ztunnel)]
    [InlineData("sidecar", "ecommerce:istio-injection=enabled", PodDataplane.Sidecar)]
    public void A_chart_without_its_namespace_is_run_with_the_labels_the_expected_mode_needs(string expect, string assumed, PodDataplane dataplane)
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        File.Delete(Path.Combine(manifests, "01-namespace.yaml"));

        var target = LocalTarget.Load(AppHostOptions.Parse(["--manifests", manifests, "--expect", expect]), AppHostDirectory);

        Assert.Equal(assumed, Assert.Single(target.AssumedNamespaceLabels).ToString());
        Assert.All(target.Topology.Pods, p => Assert.Equal(dataplane, p.Dataplane));
    }

    [Fact]
    public void A_namespace_label_for_a_namespace_the_chart_renders_is_refused()
    {
        var error = Assert.Throws<ManifestException>(() =>
            LocalTarget.Load(AppHostOptions.Parse(["--sample", "ambient", "--namespace-label", "ecommerce:istio.io/dataplane-mode=none"]), AppHostDirectory));

        Assert.StartsWith("namespace label ecommerce:istio.io/dataplane-mode=none: Namespace ecommerce (01-namespace.yaml:", error.Message);
    }

    [Fact]
    public void A_route_to_a_service_that_is_not_rendered_stops_the_run_naming_both()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        BrokenManifests.AddRouteToMissingService(manifests, "/api/ghosts", "ghost-service");

        var error = Assert.Throws<ManifestException>(() =>
            LocalTarget.Load(AppHostOptions.Parse(["--manifests", manifests]), AppHostDirectory));

        Assert.Contains("HTTPRoute ecommerce/ghost-service-route rule 0 sends to Service ecommerce/ghost-service, which the manifests do not define", error.Message);
        Assert.Contains("--allow-missing-backends", error.Message);
    }

    [Fact]
    public void With_allow_missing_backends_such_a_route_is_loaded_with_the_rest()
    {
        var manifests = BrokenManifests.CopyOfSample("ambient");
        BrokenManifests.AddRouteToMissingService(manifests, "/api/ghosts", "ghost-service");

        var target = LocalTarget.Load(AppHostOptions.Parse(["--manifests", manifests, "--allow-missing-backends"]), AppHostDirectory);

        Assert.DoesNotContain(target.StandIns, w => w.ServiceName == "ghost-service");
        Assert.Equal(6, target.StandIns.Count);
    }
}
