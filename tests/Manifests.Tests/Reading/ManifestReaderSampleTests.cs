using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Tests.Reading;

/// <summary>The three shipped samples read into the objects they are meant to contain.</summary>
public class ManifestReaderSampleTests
{
    private static readonly MeshManifests Sidecar = MeshManifests.LoadDirectory(Samples.Sidecar);
    private static readonly MeshManifests AmbientAsPlanned = MeshManifests.LoadDirectory(Samples.AmbientAsPlanned);
    private static readonly MeshManifests Ambient = MeshManifests.LoadDirectory(Samples.Ambient);

    public static TheoryData<string> AllSamples => new() { Samples.Sidecar, Samples.AmbientAsPlanned, Samples.Ambient };

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_sample_has_six_deployments_and_services_with_three_replicas(string directory)
    {
        var manifests = MeshManifests.LoadDirectory(directory);

        Assert.Equal(Samples.ServiceNames, manifests.Deployments.Select(d => d.Ref.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Samples.ServiceNames, manifests.Services.Select(s => s.Ref.Name).Order(StringComparer.Ordinal));
        Assert.All(manifests.Deployments, d => Assert.Equal(3, d.Replicas));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_sample_has_both_gateways_seven_routes_and_strict_mtls(string directory)
    {
        var manifests = MeshManifests.LoadDirectory(directory);

        Assert.Equal(["ecommerce-gateway", "webhook-gateway"], manifests.Gateways.Select(g => g.Ref.Name).Order(StringComparer.Ordinal));
        Assert.Equal(7, manifests.HttpRoutes.Count);
        var peerAuthentication = Assert.Single(manifests.PeerAuthentications);
        Assert.Equal("STRICT", peerAuthentication.MtlsMode);
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_sample_lives_in_the_ecommerce_namespace(string directory)
    {
        var manifests = MeshManifests.LoadDirectory(directory);

        var ns = Assert.Single(manifests.Namespaces);
        Assert.Equal("ecommerce", ns.Ref.Name);
        Assert.All(manifests.HttpRoutes, r => Assert.Equal("ecommerce", r.Ref.Namespace));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_sample_keeps_unmodelled_objects_as_other_objects(string directory)
    {
        var manifests = MeshManifests.LoadDirectory(directory);

        Assert.Contains(manifests.GatewayClasses, c => c.Ref.Name == "istio" && c.ControllerName == "istio.io/gateway-controller");
        Assert.Contains(manifests.OtherObjects, o => o.Kind == "RequestAuthentication");
        Assert.Contains(manifests.OtherObjects, o => o.Kind == "AuthorizationPolicy");
        Assert.Contains(manifests.OtherObjects, o => o.Kind == "Telemetry");
        Assert.Equal(2, manifests.OtherObjects.Count(o => o.Kind == "EnvoyFilter"));
    }

    [Fact]
    public void Sample_deployments_carry_image_service_account_and_port()
    {
        var customer = Sidecar.Deployments.Single(d => d.Ref.Name == "customer-service");

        Assert.Equal("customer-service", customer.ServiceAccountName);
        var container = Assert.Single(customer.Containers);
        Assert.Equal("registry.example.com/ecommerce/customer-service:1.4.2", container.Image);
        Assert.Equal([8080], container.Ports);
        Assert.Equal("customer-service", customer.PodLabels["app"]);
    }

    [Fact]
    public void Sidecar_namespace_has_injection_enabled() =>
        Assert.Equal("enabled", Sidecar.Namespaces[0].Labels["istio-injection"]);

    [Fact]
    public void Sidecar_has_a_virtual_service_and_destination_rule_per_service_plus_the_circuit_breaker()
    {
        Assert.Equal(Samples.ServiceNames, Sidecar.VirtualServices.Select(v => v.Ref.Name).Order(StringComparer.Ordinal));
        Assert.Equal(7, Sidecar.DestinationRules.Count);
        Assert.Contains(Sidecar.DestinationRules, d => d.Ref.Source.StartsWith("10-destination-rule-circuit-breaker.yaml:", StringComparison.Ordinal));
    }

    [Fact]
    public void Sidecar_virtual_service_carries_the_legacy_policy()
    {
        var http = Assert.Single(Sidecar.VirtualServices.Single(v => v.Ref.Name == "payment-service").Http);

        Assert.Equal(new PathMatch(PathMatchType.PathPrefix, "/api/payments"), Assert.Single(http.Matches).Path);
        Assert.Equal(TimeSpan.FromSeconds(30), http.Timeout);
        Assert.Equal(new VirtualServiceRetries(3, TimeSpan.FromSeconds(10), "5xx,reset,connect-failure,refused-stream"), http.Retries);
        Assert.Equal(new RouteDestination("payment-service", "ecommerce", 8080, 100, "payment-service.ecommerce.svc.cluster.local"), Assert.Single(http.Destinations));
    }

    [Fact]
    public void Sidecar_destination_rules_use_istio_mutual_with_pool_and_outlier_detection()
    {
        var rule = Sidecar.DestinationRules.Single(d => d.Ref.Name == "order-service");

        Assert.Equal("order-service.ecommerce.svc.cluster.local", rule.Host);
        Assert.Equal("ISTIO_MUTUAL", rule.TlsMode);
        Assert.True(rule.HasConnectionPool);
        Assert.True(rule.HasOutlierDetection);
    }

    [Fact]
    public void Sidecar_http_routes_have_a_request_timeout_and_no_retry()
    {
        var rule = Assert.Single(Sidecar.HttpRoutes.Single(r => r.Ref.Name == "customer-service-route").Rules);

        Assert.Equal(new HttpRouteTimeouts(TimeSpan.FromSeconds(30), null), rule.Timeouts);
        Assert.Null(rule.Retry);
    }

    [Theory]
    [MemberData(nameof(AmbientSamples))]
    public void Ambient_samples_label_the_namespace_for_ambient_and_drop_the_legacy_objects(string directory)
    {
        var manifests = MeshManifests.LoadDirectory(directory);

        Assert.Equal("ambient", manifests.Namespaces[0].Labels["istio.io/dataplane-mode"]);
        Assert.DoesNotContain("istio-injection", manifests.Namespaces[0].Labels.Keys);
        Assert.Empty(manifests.VirtualServices);
        Assert.Empty(manifests.DestinationRules);
    }

    public static TheoryData<string> AmbientSamples => new() { Samples.AmbientAsPlanned, Samples.Ambient };

    [Fact]
    public void Ambient_as_planned_routes_carry_the_retry_annotations_and_no_retry()
    {
        var route = AmbientAsPlanned.HttpRoutes.Single(r => r.Ref.Name == "order-service-route");

        Assert.Equal("3", route.Annotations["retry.istio.io/attempts"]);
        Assert.Equal("10s", route.Annotations["retry.istio.io/per-try-timeout"]);
        Assert.Equal("5xx,reset,connect-failure,refused-stream", route.Annotations["retry.istio.io/retry-on"]);
        var rule = Assert.Single(route.Rules);
        Assert.Null(rule.Retry);
        Assert.Equal(TimeSpan.FromSeconds(30), rule.Timeouts?.Request);
    }

    [Fact]
    public void Ambient_routes_retry_three_times_on_500_to_504_without_backend_request_timeout()
    {
        var route = Ambient.HttpRoutes.Single(r => r.Ref.Name == "saga-tracker-route");

        Assert.Empty(route.Annotations);
        var rule = Assert.Single(route.Rules);
        Assert.Equal(3, rule.Retry?.Attempts);
        Assert.Equal([500, 502, 503, 504], rule.Retry?.Codes);
        Assert.Equal(new HttpRouteTimeouts(TimeSpan.FromSeconds(30), null), rule.Timeouts);
    }

    [Fact]
    public void Object_source_names_the_file_relative_to_the_directory_and_the_line()
    {
        var route = Ambient.HttpRoutes.Single(r => r.Ref.Name == "customer-service-route");

        Assert.Matches(@"^05-httproute\.yaml:\d+$", route.Ref.Source);
        var line = int.Parse(route.Ref.Source.Split(':')[1]);
        Assert.Equal("apiVersion: gateway.networking.k8s.io/v1", File.ReadAllLines(Path.Combine(Samples.Ambient, "05-httproute.yaml"))[line - 1]);
    }

    [Fact]
    public void Files_in_sub_folders_are_read_with_their_relative_path() =>
        Assert.StartsWith("services/customer-service.yaml:", Ambient.Services.Single(s => s.Ref.Name == "customer-service").Ref.Source);
}
