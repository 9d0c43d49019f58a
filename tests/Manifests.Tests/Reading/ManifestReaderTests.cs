using AmbientVerify.TestSupport;
using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Tests.Reading;

/// <summary>Defaults and YAML shapes the reader must accept.</summary>
public class ManifestReaderTests
{
    private const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: r
        spec:
          parentRefs:
            - name: gw
          rules:
            - backendRefs:
                - name: svc
        """;

    [Fact]
    public void Empty_documents_and_separators_are_skipped()
    {
        var manifests = MeshManifests.Parse($"---\n---\n# only a comment\n---\n{Route}\n---\n");

        Assert.Single(manifests.HttpRoutes);
    }

    [Fact]
    public void List_items_are_read_as_objects()
    {
        var manifests = MeshManifests.Parse("""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Service
                metadata: {name: a}
                spec: {ports: [{port: 80}]}
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: b}
            """);

        Assert.Equal("a", Assert.Single(manifests.Services).Ref.Name);
        Assert.Equal("ConfigMap", Assert.Single(manifests.OtherObjects).Kind);
    }

    [Fact]
    public void Namespace_defaults_to_the_only_namespace_object_of_the_set()
    {
        var manifests = MeshManifests.Parse($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: shop}}\n---\n{Route}");

        Assert.Equal("shop", manifests.HttpRoutes[0].Ref.Namespace);
    }

    [Fact]
    public void Namespace_defaults_to_default_when_several_namespaces_exist()
    {
        var manifests = MeshManifests.Parse(
            $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: a}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: b}}\n---\n{Route}");

        Assert.Equal("default", manifests.HttpRoutes[0].Ref.Namespace);
    }

    [Fact]
    public void Explicit_metadata_namespace_wins_over_the_default()
    {
        var manifests = MeshManifests.Parse(
            $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: shop}}\n---\n{Route.Replace("name: r\n", "name: r\n  namespace: other\n")}");

        Assert.Equal("other", manifests.HttpRoutes[0].Ref.Namespace);
    }

    [Fact]
    public void Deployment_defaults_to_one_replica_and_the_default_service_account()
    {
        var deployment = MeshManifests.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  containers: [{name: c}]
            """).Deployments.Single();

        Assert.Equal(1, deployment.Replicas);
        Assert.Equal("default", deployment.ServiceAccountName);
    }

    [Fact]
    public void Http_route_defaults_path_match_backend_weight_and_parent_kind()
    {
        var route = MeshManifests.Parse(Route).HttpRoutes.Single();

        var rule = Assert.Single(route.Rules);
        Assert.Equal(new PathMatch(PathMatchType.PathPrefix, "/"), Assert.Single(rule.Matches).Path);
        Assert.True(rule.MatchesEverything);
        Assert.Equal(new RouteDestination("svc", "default", null, 1, "svc"), Assert.Single(rule.BackendRefs));
        Assert.Equal("Gateway", Assert.Single(route.ParentRefs).Kind);
        Assert.Null(rule.Timeouts);
        Assert.Null(rule.Retry);
    }

    [Fact]
    public void Http_route_path_without_type_or_value_is_prefix_slash()
    {
        var route = MeshManifests.Parse(Route.Replace("    - backendRefs:", "    - matches:\n        - path: {}\n      backendRefs:")).HttpRoutes.Single();

        Assert.Equal(new PathMatch(PathMatchType.PathPrefix, "/"), Assert.Single(route.Rules[0].Matches).Path);
        Assert.False(route.Rules[0].MatchesEverything);
    }

    [Fact]
    public void Http_route_reads_exact_matches_timeouts_and_retry_with_backoff()
    {
        var route = MeshManifests.Parse("""
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: HTTPRoute
            metadata: {name: r, namespace: ns}
            spec:
              parentRefs: [{name: gw, namespace: infra}]
              hostnames: [shop.example.com]
              rules:
                - matches:
                    - path: {type: Exact, value: /health}
                  backendRefs: [{name: svc, port: 8080, weight: 5}]
                  timeouts: {request: 1m30s, backendRequest: 500ms}
                  retry: {attempts: 2, codes: [503], backoff: 100ms}
            """).HttpRoutes.Single();

        var rule = route.Rules[0];
        Assert.Equal(new ParentRef("gw", "infra"), Assert.Single(route.ParentRefs));
        Assert.Equal(["shop.example.com"], route.Hostnames);
        Assert.Equal(new PathMatch(PathMatchType.Exact, "/health"), rule.Matches[0].Path);
        Assert.Equal(new RouteDestination("svc", "ns", 8080, 5, "svc"), rule.BackendRefs[0]);
        Assert.Equal(new HttpRouteTimeouts(TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500)), rule.Timeouts);
        Assert.Equal(2, rule.Retry?.Attempts);
        Assert.Equal([503], rule.Retry?.Codes);
        Assert.Equal(TimeSpan.FromMilliseconds(100), rule.Retry?.Backoff);
    }

    [Fact]
    public void Virtual_service_reads_exact_and_regex_uri_matches()
    {
        var http = MeshManifests.Parse("""
            apiVersion: networking.istio.io/v1beta1
            kind: VirtualService
            metadata: {name: vs}
            spec:
              hosts: [a]
              http:
                - match:
                    - uri: {exact: /a}
                    - uri: {regex: "/b/.*"}
                  route:
                    - destination: {host: a}
                      weight: 80
                    - destination: {host: b}
            """).VirtualServices.Single().Http.Single();

        Assert.Equal([new PathMatch(PathMatchType.Exact, "/a"), new PathMatch(PathMatchType.RegularExpression, "/b/.*")], http.Matches.Select(m => m.Path));
        Assert.Equal([new RouteDestination("a", "default", null, 80, "a"), new RouteDestination("b", "default", null, 0, "b")], http.Destinations);
    }

    [Fact]
    public void Virtual_service_without_match_serves_every_path_and_retries_without_attempts_are_off()
    {
        var http = MeshManifests.Parse("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: vs}
            spec:
              http:
                - route: [{destination: {host: a}}]
                  retries: {retryOn: 5xx}
            """).VirtualServices.Single().Http.Single();

        Assert.Equal(new PathMatch(PathMatchType.PathPrefix, "/"), Assert.Single(http.Matches).Path);
        Assert.True(http.MatchesEverything);
        Assert.Equal(0, http.Retries?.Attempts);
    }

    [Fact]
    public void Peer_authentication_reads_selector_and_mode()
    {
        var peer = MeshManifests.Parse("""
            apiVersion: security.istio.io/v1beta1
            kind: PeerAuthentication
            metadata: {name: p}
            spec:
              selector: {matchLabels: {app: pay}}
              mtls: {mode: PERMISSIVE}
            """).PeerAuthentications.Single();

        Assert.Equal("pay", peer.Selector["app"]);
        Assert.Equal("PERMISSIVE", peer.MtlsMode);
    }

    [Fact]
    public void Istio_gateway_is_not_a_gateway_api_gateway()
    {
        var manifests = MeshManifests.Parse("apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\n");

        Assert.Empty(manifests.Gateways);
        Assert.Equal("networking.istio.io/v1", Assert.Single(manifests.IstioGateways).Ref.ApiVersion);
    }

    [Fact]
    public void Directory_files_are_read_recursively_in_path_order_and_yml_counts()
    {
        using var directory = new TempDirectory();
        directory.Write("b/2.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: second}\n");
        directory.Write("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n");
        directory.Write("notes.txt", "not yaml: [");

        var manifests = MeshManifests.LoadDirectory(directory.Path);

        Assert.Equal(["first", "second"], manifests.OtherObjects.Select(o => o.Name));
        Assert.Equal("b/2.yml:1", manifests.OtherObjects[1].Source);
    }
}
