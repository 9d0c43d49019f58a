using AmbientVerify.TestSupport;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Checks.Plaintext;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Checks.Plaintext;

public class PlaintextCheckTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;
    private static readonly PlaintextOptions Quick = new() { ConnectTimeout = TimeSpan.FromSeconds(2), AnswerTimeout = TimeSpan.FromSeconds(2) };

    private static async Task<IReadOnlyList<CheckResult>> KnockAsync(MeshManifests manifests, FakePod pod)
    {
        using var http = new HttpClient();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(manifests, pod);
        var (inspector, routed) = await Meshes.InspectAsync(manifests, http, ztunnel.Address);
        return await PlaintextCheck.RunAsync(inspector, routed, Quick, TimeProvider.System, Cancel);
    }

    private static Subject Pod(string name) => new("Pod", $"ecommerce/{name}");

    [Fact]
    public async Task Strict_mesh_whose_pods_drop_plaintext_passes_for_every_pod()
    {
        await using var pod = FakePod.Refusing();

        var results = await KnockAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.PeerAuthentication("STRICT"), Meshes.Service("cart")), pod);

        Assert.Equal([Pod("cart-0"), Pod("cart-1")], results.Select(r => r.Subject));
        Assert.All(results, r => Assert.Equal(PlaintextConstants.RefusedCase.Id, r.CaseId));
        Assert.All(results, r => Assert.Equal(Verdict.Pass, r.Verdict));
        Assert.Contains("was refused (accepted, then closed without an answer); mTLS mode STRICT from PeerAuthentication ecommerce/default", results[0].Message);
    }

    [Fact]
    public async Task Permissive_peer_authentication_that_lets_plaintext_through_fails_naming_it()
    {
        await using var pod = FakePod.Answering();

        var results = await KnockAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.PeerAuthentication("PERMISSIVE"), Meshes.Service("cart", replicas: 1)), pod);

        var result = Assert.Single(results);
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.StartsWith($"expected plaintext to pod cart-0 at {pod.Address} refused; observed an answer without mTLS ('HTTP/1.1 200 OK'), " +
            "allowed by mTLS mode PERMISSIVE from PeerAuthentication ecommerce/default (mesh.yaml:", result.Message);
        Assert.StartsWith("set spec.mtls.mode: STRICT in PeerAuthentication ecommerce/default", result.Remedy);
    }

    [Fact]
    public async Task Attempts_run_a_few_at_once_and_results_keep_the_pods_order()
    {
        await using var pod = FakePod.Answering();
        const int replicas = PlaintextCheck.MaxAttemptsAtOnce * 2 + 1;

        var results = await KnockAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.PeerAuthentication("PERMISSIVE"), Meshes.Service("cart", replicas)), pod);

        Assert.Equal(Enumerable.Range(0, replicas).Select(i => Pod($"cart-{i}")), results.Select(r => r.Subject));
        Assert.All(results, r => Assert.Equal(Verdict.Fail, r.Verdict));
    }

    [Fact]
    public async Task Mesh_without_peer_authentication_fails_asking_for_one()
    {
        await using var pod = FakePod.Answering();

        var result = Assert.Single(await KnockAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart", replicas: 1)), pod));

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Equal("no PeerAuthentication applies (mesh default PERMISSIVE): add PeerAuthentication ecommerce/default with spec.mtls.mode: STRICT", result.Remedy);
    }

    [Fact]
    public async Task Strict_policy_that_the_dataplane_does_not_enforce_fails_pointing_at_capture()
    {
        await using var pod = FakePod.Answering();

        var result = Assert.Single(await KnockAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.PeerAuthentication("STRICT"), Meshes.Service("cart", replicas: 1)), pod));

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("is STRICT, yet the pod answered without mTLS", result.Remedy);
    }

    [Fact]
    public async Task Address_where_nothing_listens_is_an_error_not_a_refusal()
    {
        var pod = FakePod.Refusing();
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.PeerAuthentication("STRICT"), Meshes.Service("cart", replicas: 1));
        using var http = new HttpClient();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(manifests, pod);
        await pod.DisposeAsync();
        var (inspector, routed) = await Meshes.InspectAsync(manifests, http, ztunnel.Address);

        var result = Assert.Single(await PlaintextCheck.RunAsync(inspector, routed, Quick, TimeProvider.System, Cancel));

        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.StartsWith("could not look: connection refused at 127.0.0.1:", result.Message);
    }

    [Fact]
    public async Task A_pod_listed_without_an_address_is_an_error_for_that_pod_only()
    {
        await using var pod = FakePod.Refusing();
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.PeerAuthentication("STRICT"), Meshes.Service("cart"));
        using var http = new HttpClient();
        await using var ztunnel = await FakeDataplaneAdmin.StartAsync(
            [new("ecommerce", "cart-0", "", "local", "None", "HBONE"), new("ecommerce", "cart-1", pod.Address, "local", "None", "HBONE")], _ => "");
        var (inspector, routed) = await Meshes.InspectAsync(manifests, http, ztunnel.Address);

        var results = await PlaintextCheck.RunAsync(inspector, routed, Quick, TimeProvider.System, Cancel);

        Assert.Equal([(Pod("cart-0"), Verdict.Error), (Pod("cart-1"), Verdict.Pass)], results.Select(r => (r.Subject, r.Verdict)));
        Assert.Equal("could not look: no dataplane component lists a host:port address for pod ecommerce/cart-0", results[0].Message);
    }

    [Fact]
    public async Task Unreachable_admin_makes_every_pod_an_error()
    {
        using var http = new HttpClient();
        var (inspector, routed) = await Meshes.InspectAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart")), http, LoopbackPorts.ClosedUrl());

        var results = await PlaintextCheck.RunAsync(inspector, routed, Quick, TimeProvider.System, Cancel);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(Verdict.Error, r.Verdict));
        Assert.All(results, r => Assert.Contains("is unreachable", r.Message));
    }

    [Fact]
    public async Task Without_dataplane_admin_the_check_is_an_error()
    {
        using var http = new HttpClient();
        var (inspector, routed) = await Meshes.InspectAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart", replicas: 1)), http);

        var result = Assert.Single(await PlaintextCheck.RunAsync(inspector, routed, Quick, TimeProvider.System, Cancel));

        Assert.Equal((Verdict.Error, "could not look: no dataplane admin endpoint given (--dataplane-admin URL or Probes__DataplaneAdmin)"), (result.Verdict, result.Message));
    }
}
