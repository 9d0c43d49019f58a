using System.Text.Json;
using AmbientVerify.Probes.Cli;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>
/// The audit verb end to end: a kubeconfig, KubernetesClient, a seeded fake API server, report files and the exit
/// code. Read-only, every bad input exit 2 with its words, exec plugins as kubectl runs them, no token anywhere.
/// </summary>
public sealed class AuditCommandTests : IDisposable
{
    private const string Token = "audit-secret-token-4f1c";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "probes-audit-" + Guid.NewGuid().ToString("N"));

    public AuditCommandTests() => Directory.CreateDirectory(_directory);

    private string Output => Path.Combine(_directory, "out");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(int ExitCode, string Console)> AuditAsync(string kubeconfig, params string[] extra) =>
        await AuditConsole.RunAsync(() => ProbesCommandLine.Create()
            .Parse(["audit", "--kubeconfig", kubeconfig, "--output", Output, .. extra])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));

    private async Task<FakeApiServer> SeededAsync(string sample, SeededClusterOptions? options = null)
    {
        var api = await SeededCluster.StartAsync(Repository.Sample(sample), options);
        api.RequiredToken = Token;
        return api;
    }

    private JsonElement Report() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "report.json"))).RootElement;

    private IReadOnlyList<JsonElement> Results(string check) =>
        [.. Report().GetProperty("results").EnumerateArray().Where(r => r.GetProperty("check").GetString() == check)];

    private string? Problem() => Report().GetProperty("problem").GetString();

    [Fact]
    public async Task The_corrected_ambient_sample_on_a_healthy_cluster_passes_with_gaps_only()
    {
        await using var api = await SeededAsync("ambient");

        var (exitCode, console) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));

        Assert.True(exitCode == 0, console);
        Assert.Equal("cluster", Report().GetProperty("target").GetString());
        Assert.All(Results("cluster-precheck").Where(r => r.GetProperty("caseId").GetString() != "object-not-emulated"),
            r => Assert.Equal("pass", r.GetProperty("verdict").GetString()));
        Assert.All(Results("capture"), r => Assert.Equal("pass", r.GetProperty("verdict").GetString()));
        Assert.NotEmpty(Results("config-audit"));
        Assert.NotEmpty(Results("legacy-mtls-config"));
        Assert.True(File.Exists(Path.Combine(Output, "junit.xml")));
    }

    [Fact]
    public async Task Strict_turns_the_gaps_of_objects_not_emulated_into_exit_1()
    {
        await using var api = await SeededAsync("ambient");

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token), "--strict");

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task The_audit_only_gets_lists_and_watches()
    {
        await using var api = await SeededAsync("ambient");

        await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));

        Assert.NotEmpty(api.Requests);
        Assert.All(api.Requests, r => Assert.Contains(r.Verb, new[] { "get", "list", "watch" }));
    }

    [Theory]
    [InlineData("ambient", "ambient")]
    [InlineData("sidecar", "sidecar")]
    public async Task A_full_audit_makes_only_requests_deploy_rbac_allows(string sample, string expect)
    {
        await using var api = await SeededAsync(sample);

        var (exitCode, console) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token), "--expect", expect);

        // A full audit, not one stopped at its first refusal: every phase ran and its requests are in the log.
        Assert.True(exitCode is 0 or 1, console);
        Assert.False(Report().TryGetProperty("problem", out var problem), problem.ToString());
        Assert.Contains(api.Requests, r => r.Verb == "list" && r.Resource == "pods" && r.Namespace == "ecommerce");
        Assert.Contains(api.Requests, r => r.Group == "apiextensions.k8s.io" && r.Name == "httproutes.gateway.networking.k8s.io");
        RbacPolicy.Deployed().AssertAllowed(api.Requests);
    }

    [Fact]
    public async Task The_audits_request_log_fails_a_policy_that_lacks_one_of_its_grants()
    {
        await using var api = await SeededAsync("ambient");
        await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));
        var narrowed = DeployedRbacWithout(
            "resources: [peerauthentications, requestauthentications, authorizationpolicies]",
            "resources: [requestauthentications, authorizationpolicies]");

        var error = Assert.Throws<RbacRefusedException>(() => narrowed.AssertAllowed(api.Requests));

        Assert.Contains("  list security.istio.io/peerauthentications in ecommerce" + Environment.NewLine, error.Message, StringComparison.Ordinal);
        Assert.Contains("  list security.istio.io/peerauthentications in istio-system" + Environment.NewLine, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("authorizationpolicies", error.Message, StringComparison.Ordinal);
    }

    /// <summary>deploy/rbac.yaml with one grant taken away (the text must be there, so the policy really is narrower).</summary>
    private static RbacPolicy DeployedRbacWithout(string grant, string replacement)
    {
        var path = Path.Combine(Repository.Root, "deploy", "rbac.yaml");
        var yaml = File.ReadAllText(path);
        Assert.Contains(grant, yaml, StringComparison.Ordinal);
        return RbacPolicy.Parse(yaml.Replace(grant, replacement, StringComparison.Ordinal), path + " (narrowed)", "ambientverify", "ambientverify");
    }

    [Fact]
    public async Task The_sidecar_cluster_expected_ambient_exits_1_with_capture_failing()
    {
        await using var api = await SeededAsync("sidecar");

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));

        Assert.Equal(1, exitCode);
        Assert.Contains(Results("capture"), r => r.GetProperty("verdict").GetString() == "fail"
            && r.GetProperty("message").GetString()!.Contains("has an istio-proxy container"));
        Assert.Contains(Results("cluster-precheck"), r => r.GetProperty("caseId").GetString() == "ztunnel-ready-on-every-node" && r.GetProperty("verdict").GetString() == "fail");
    }

    [Fact]
    public async Task A_pod_still_carrying_a_sidecar_after_the_move_fails_capture_naming_the_pod()
    {
        await using var api = await SeededAsync("ambient", new SeededClusterOptions { SidecarStillOn = "ecommerce/order-service" });

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));

        Assert.Equal(1, exitCode);
        var failed = Assert.Single(Results("capture"), r => r.GetProperty("verdict").GetString() == "fail" && r.GetProperty("caseId").GetString() == "pods-captured-by-ztunnel");
        Assert.Contains("pod order-service-" + SeededCluster.PodTemplateHash, failed.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_old_istiod_with_httproute_retry_exits_1_and_the_report_says_the_version()
    {
        await using var api = await SeededAsync("ambient", new SeededClusterOptions { IstiodImage = "docker.io/istio/pilot:1.24.3" });

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));

        Assert.Equal(1, exitCode);
        Assert.Contains(Results("cluster-precheck"), r => r.GetProperty("caseId").GetString() == "istio-version-honours-httproute-retry" && r.GetProperty("verdict").GetString() == "fail");
        Assert.Equal("1.24", Report().GetProperty("istioVersion").GetString());
    }

    [Fact]
    public async Task The_istio_version_override_is_what_the_report_assumes()
    {
        await using var api = await SeededAsync("ambient", new SeededClusterOptions { IstiodImage = "docker.io/istio/pilot:1.24.3" });

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token), "--istio-version", "1.26");

        Assert.Equal(0, exitCode);
        Assert.Equal("1.26", Report().GetProperty("istioVersion").GetString());
    }

    [Fact]
    public async Task Missing_istio_crds_are_an_error_and_exit_2_with_the_words()
    {
        await using var api = await SeededAsync("ambient", new SeededClusterOptions { MissingGroups = ["networking.istio.io"] });

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));

        Assert.Equal(2, exitCode);
        Assert.Contains(Results("cluster-precheck"), r => r.GetProperty("verdict").GetString() == "error"
            && r.GetProperty("message").GetString()!.Contains("networking.istio.io is not served (CRD not installed)"));
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_and_exit_2()
    {
        await using var api = await SeededAsync("ambient");

        var (exitCode, console) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, "expired-token-77"));

        Assert.Equal(2, exitCode);
        Assert.Contains("refused the credentials (401 Unauthorized)", Problem());
        Assert.DoesNotContain("expired-token-77", console + File.ReadAllText(Path.Combine(Output, "report.json")));
    }

    [Fact]
    public async Task A_forbidden_list_is_exit_2_naming_what_to_grant()
    {
        await using var api = await SeededAsync("ambient");
        api.Forbid("list", "", "pods");

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));

        Assert.Equal(2, exitCode);
        Assert.Contains("may not list pods in ecommerce (403 Forbidden)", Problem());
        Assert.Contains("grant 'list' on 'pods in ecommerce'", Problem());
    }

    [Fact]
    public async Task An_unreachable_api_server_is_exit_2()
    {
        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, LoopbackPorts.ClosedUrl(), Token));

        Assert.Equal(2, exitCode);
        Assert.Contains("is unreachable", Problem());
    }

    [Fact]
    public async Task A_namespace_that_does_not_exist_is_exit_2()
    {
        await using var api = await SeededAsync("ambient");

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token), "--namespace", "shop");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("the cluster could not be read: namespace shop not found", Problem());
    }

    [Fact]
    public async Task A_kubeconfig_that_does_not_exist_is_exit_2()
    {
        var (exitCode, console) = await AuditAsync(Path.Combine(_directory, "no-such-kubeconfig"));

        Assert.Equal(2, exitCode);
        Assert.Contains("no-such-kubeconfig: no such file", console);
    }

    [Fact]
    public async Task A_context_the_kubeconfig_lacks_is_exit_2()
    {
        await using var api = await SeededAsync("ambient");

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token), "--context", "prod");

        Assert.Equal(2, exitCode);
        Assert.Contains("context prod", Problem());
    }

    [Fact]
    public async Task An_exec_plugin_provides_the_token_as_kubectls_do()
    {
        await using var api = await SeededAsync("ambient");
        api.RequiredToken = "exec-issued-token-9d2";

        var (exitCode, console) = await AuditAsync(Kubeconfigs.WithExecPlugin(_directory, api.Url, Kubeconfigs.ExecCredential("exec-issued-token-9d2")));

        Assert.True(exitCode == 0, console);
        Assert.Equal("Bearer exec-issued-token-9d2", api.LastAuthorization);
        var outputs = console + string.Concat(Directory.GetFiles(Output).Select(File.ReadAllText));
        Assert.DoesNotContain("exec-issued-token-9d2", outputs);
    }

    [Fact]
    public async Task A_failing_exec_plugin_is_exit_2_with_its_words()
    {
        await using var api = await SeededAsync("ambient");

        var (exitCode, _) = await AuditAsync(Kubeconfigs.WithExecPlugin(_directory, api.Url,
            "echo 'error: the SSO session has expired, run corp-login' >&2\nexit 1"));

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot use the kubeconfig", Problem());
        Assert.Contains("exec plugin", Problem());
        Assert.Contains("failed (exit code 1): error: the SSO session has expired, run corp-login", Problem());
    }

    [Fact]
    public async Task No_token_is_written_to_the_console_or_the_reports()
    {
        await using var api = await SeededAsync("ambient");

        var (_, console) = await AuditAsync(Kubeconfigs.WithToken(_directory, api.Url, Token));

        var outputs = console + string.Concat(Directory.GetFiles(Output).Select(File.ReadAllText));
        Assert.DoesNotContain(Token, outputs);
        Assert.Equal($"Bearer {Token}", api.LastAuthorization);
    }

    [Fact]
    public async Task Bad_options_are_exit_2_each_named()
    {
        var (exitCode, console) = await AuditAsync(Path.Combine(_directory, "none"), "--expect", "waypoint", "--istio-version", "2.0", "--bogus");

        Assert.Equal(2, exitCode);
        Assert.Contains("--expect 'waypoint' must be ambient or sidecar", console);
        Assert.Contains("--istio-version", console);
        Assert.Contains("unknown option or argument '--bogus'", console);
    }

    [Theory]
    [InlineData("--retries", "three")]
    [InlineData("--request-timeout", "half a minute")]
    [InlineData("--gateway-api-channel", "beta")]
    public async Task An_option_shared_with_the_gate_is_refused_in_the_gates_words(string option, string value)
    {
        var (auditExit, audit) = await AuditAsync(Kubeconfigs.WithToken(_directory, LoopbackPorts.ClosedUrl(), Token), option, value);
        var (gateExit, gate) = await AuditConsole.RunAsync(() => ProbesCommandLine.Create()
            .Parse(["gate", "--target", "cluster", "--gateway", "http://127.0.0.1:1", option, value])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((2, 2), (auditExit, gateExit));
        Assert.StartsWith($"audit: {option}", audit.Trim(), StringComparison.Ordinal);
        Assert.Equal(gate.Trim()["gate: ".Length..], audit.Trim()["audit: ".Length..]);
    }
}
