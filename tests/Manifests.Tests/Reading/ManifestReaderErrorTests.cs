using AmbientVerify.TestSupport;
namespace AmbientVerify.Manifests.Tests.Reading;

/// <summary>Every unreadable input gives a ManifestException that names the file, the line and what was expected.</summary>
public class ManifestReaderErrorTests
{
    [Fact]
    public void Malformed_yaml_names_the_file_and_line()
    {
        using var directory = new TempDirectory();
        directory.Write("05-httproute.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [a, b\n");

        var error = Assert.Throws<ManifestException>(() => MeshManifests.LoadDirectory(directory.Path));

        Assert.StartsWith($"{Path.Join(directory.Path, "05-httproute.yaml")}:", error.Message);
        Assert.Matches(@"\.yaml:\d+: YAML syntax error: ", error.Message);
        Assert.DoesNotContain("Idx:", error.Message);
    }

    [Fact]
    public void Malformed_yaml_reports_the_line_of_the_fault()
    {
        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse("a: 1\nb: 2\nc: [unclosed\n", "x.yaml"));

        Assert.StartsWith("x.yaml:", error.Message);
        var line = int.Parse(error.Message.Split(':')[1]);
        Assert.InRange(line, 3, 4);
    }

    [Fact]
    public void An_unclosed_flow_mapping_the_yaml_library_cannot_place_still_names_file_and_line()
    {
        // YamlDotNet throws InvalidOperationException, not YamlException, for this input.
        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse("apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: x\n    kind: ConfigMap\n", "x.yaml"));

        Assert.StartsWith("x.yaml:4: YAML syntax error: the document cannot be parsed after this line", error.Message);
    }

    [Fact]
    public void Bad_duration_names_object_rule_field_and_expected_form()
    {
        var yaml = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: foo, namespace: ecommerce}
            spec:
              rules:
                - backendRefs: [{name: svc}]
                  timeouts:
                    request: 30 seconds
            """;

        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse(yaml, "samples/x/05-httproute.yaml"));

        Assert.Equal(
            "samples/x/05-httproute.yaml:8: HTTPRoute ecommerce/foo rule 0: timeouts.request '30 seconds' is not a duration (expected e.g. 30s, 500ms, 1m30s)",
            error.Message);
    }

    [Fact]
    public void Bad_virtual_service_duration_names_the_http_route()
    {
        var yaml = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs, namespace: ns}\nspec:\n  http:\n    - retries: {attempts: 3, perTryTimeout: ten}\n";

        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse(yaml, "vs.yaml"));

        Assert.Contains("VirtualService ns/vs http 0: retries.perTryTimeout 'ten' is not a duration", error.Message);
    }

    // Read as written: the cluster's own checks (Validation/AdmissionWebhook) refuse it in their words.
    [Fact]
    public void Negative_retry_attempts_are_read_as_written()
    {
        var yaml = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: ns}\nspec:\n  rules:\n    - retry: {attempts: -1}\n";

        var rule = MeshManifests.Parse(yaml, "r.yaml").HttpRoutes.Single().Rules.Single();

        Assert.Equal(-1, rule.Retry?.Attempts);
        Assert.Equal(6, rule.Retry?.Line);
    }

    [Fact]
    public void Retry_flag_that_is_not_a_boolean_is_rejected()
    {
        var yaml = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v, namespace: ns}\nspec:\n  http:\n    - retries: {attempts: 2, retryRemoteLocalities: maybe}\n";

        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse(yaml, "v.yaml"));

        Assert.Contains("retries.retryRemoteLocalities 'maybe' is not a boolean", error.Message);
    }

    [Fact]
    public void Replicas_that_are_not_an_integer_are_rejected()
    {
        var yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: ns}\nspec:\n  replicas: three\n";

        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse(yaml, "d.yaml"));

        Assert.Equal("d.yaml:5: Deployment ns/d: spec.replicas 'three' is not an integer (expected a whole number of pods, e.g. 3)", error.Message);
    }

    [Fact]
    public void Document_without_kind_is_rejected_with_its_line()
    {
        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata: {name: b}\n", "k.yaml"));

        Assert.Equal("k.yaml:5: document: kind is missing (expected a Kubernetes object with apiVersion, kind and metadata.name)", error.Message);
    }

    [Fact]
    public void Document_without_metadata_name_is_rejected()
    {
        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse("apiVersion: v1\nkind: Service\nmetadata:\n  namespace: a\n", "n.yaml"));

        Assert.Equal("n.yaml:4: document: metadata.name is missing (expected a Kubernetes object with apiVersion, kind and metadata.name)", error.Message);
    }

    [Fact]
    public void Document_that_is_not_a_mapping_is_rejected()
    {
        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse("- a\n- b\n", "l.yaml"));

        Assert.Equal("l.yaml:1: document is a list (expected a Kubernetes object with apiVersion, kind and metadata.name)", error.Message);
    }

    [Fact]
    public void Unknown_path_match_type_lists_the_valid_ones()
    {
        var yaml = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: ns}\nspec:\n  rules:\n    - matches: [{path: {type: Prefix, value: /a}}]\n";

        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse(yaml, "r.yaml"));

        Assert.Contains("HTTPRoute ns/r rule 0: matches[0].path.type 'Prefix' is not a path match type (expected PathPrefix, Exact or RegularExpression)", error.Message);
    }

    [Fact]
    public void A_field_of_the_wrong_shape_is_named()
    {
        var yaml = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: ns}\nspec:\n  rules: everything\n";

        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse(yaml, "r.yaml"));

        Assert.Equal("r.yaml:5: HTTPRoute ns/r: spec.rules must be a list, not the value 'everything'", error.Message);
    }

    [Fact]
    public void The_same_object_twice_is_rejected()
    {
        var configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: ns}\n";

        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse($"{configMap}---\n{configMap}", "twice.yaml"));

        Assert.StartsWith("twice.yaml:5: ConfigMap ns/a: defined twice (first at twice.yaml:1;", error.Message);
    }

    [Fact]
    public void A_key_given_twice_in_one_mapping_is_a_syntax_error_with_its_line()
    {
        var error = Assert.Throws<ManifestException>(() => MeshManifests.Parse("apiVersion: v1\nkind: ConfigMap\nkind: Secret\n", "dup.yaml"));

        Assert.Equal("dup.yaml:3: YAML syntax error: Duplicate key kind", error.Message);
    }

    [Fact]
    public void Missing_directory_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ambientverify-does-not-exist-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<ManifestException>(() => MeshManifests.LoadDirectory(missing));

        Assert.StartsWith($"{missing}: directory not found (expected rendered manifests", error.Message);
    }

    [Fact]
    public void Directory_without_yaml_files_is_rejected()
    {
        using var directory = new TempDirectory();
        directory.Write("README.md", "# nothing here");

        var error = Assert.Throws<ManifestException>(() => MeshManifests.LoadDirectory(directory.Path));

        Assert.StartsWith($"{directory.Path}: no manifests found", error.Message);
    }

    [Fact]
    public void Directory_whose_yaml_files_hold_no_objects_is_rejected()
    {
        using var directory = new TempDirectory();
        directory.Write("empty.yaml", "---\n# nothing\n---\n");

        var error = Assert.Throws<ManifestException>(() => MeshManifests.LoadDirectory(directory.Path));

        Assert.StartsWith($"{directory.Path}: 1 YAML file(s) but no Kubernetes objects", error.Message);
    }
}
