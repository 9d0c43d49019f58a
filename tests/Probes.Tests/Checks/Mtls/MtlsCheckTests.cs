using AmbientVerify.TestSupport;
using AmbientVerify.Probes.Checks;
using AmbientVerify.Probes.Checks.Mtls;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Checks.Mtls;

public class MtlsCheckTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;
    private static readonly MtlsOptions FromGateway = new() { ExpectedSourcePrincipal = Meshes.GatewayIdentity };

    private static async Task<IReadOnlyList<RoutedService>> RoutedAsync(string peerAuthentication = "STRICT")
    {
        using var http = new HttpClient();
        var (_, routed) = await Meshes.InspectAsync(
            Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.PeerAuthentication(peerAuthentication), Meshes.Service("cart")), http);
        return routed;
    }

    private static MetricsSnapshot Snapshot(params string[] samples) =>
        new(new DataplaneMetrics(DateTimeOffset.UnixEpoch, PrometheusText.Parse(IstioMetrics.Text(samples))), null);

    private static CheckResult Case(IReadOnlyList<CheckResult> results, CheckCase @case) => Assert.Single(results, r => r.CaseId == @case.Id);

    [Fact]
    public async Task New_mutual_tls_connections_from_the_gateway_pass()
    {
        var results = MtlsCheck.Judge(await RoutedAsync(), Snapshot(IstioMetrics.Opened("cart", 3)), Snapshot(IstioMetrics.Opened("cart", 5)), FromGateway);

        var mutual = Case(results, MtlsConstants.MutualTlsCase);
        Assert.Equal(Verdict.Pass, mutual.Verdict);
        Assert.Equal(new Subject("Deployment", "ecommerce/cart"), mutual.Subject);
        Assert.Contains("2 opened / 0 bytes with connection_security_policy=mutual_tls from spiffe://cluster.local/ns/ecommerce/sa/ecommerce-gateway-istio", mutual.Message);
        Assert.Equal(Verdict.Pass, Case(results, MtlsConstants.NoPlaintextCase).Verdict);
    }

    [Fact]
    public async Task Received_bytes_on_a_kept_connection_count_as_evidence()
    {
        string Bytes(double value) => IstioMetrics.Sample(MtlsConstants.BytesReceivedMetric, "cart", value, IstioMetrics.MutualTls, Meshes.GatewayIdentity);

        var results = MtlsCheck.Judge(await RoutedAsync(), Snapshot(IstioMetrics.Opened("cart", 1), Bytes(100)),
            Snapshot(IstioMetrics.Opened("cart", 1), Bytes(900)), FromGateway);

        Assert.Equal(Verdict.Pass, Case(results, MtlsConstants.MutualTlsCase).Verdict);
    }

    [Fact]
    public async Task Workload_whose_traffic_bypasses_ztunnel_fails_with_no_new_connection()
    {
        var results = MtlsCheck.Judge(await RoutedAsync(), Snapshot(IstioMetrics.Opened("cart", 4)), Snapshot(IstioMetrics.Opened("cart", 4)), FromGateway);

        var mutual = Case(results, MtlsConstants.MutualTlsCase);
        Assert.Equal(Verdict.Fail, mutual.Verdict);
        Assert.StartsWith(
            "expected new inbound connections to Deployment ecommerce/cart (reporter=destination) with connection_security_policy=mutual_tls " +
            "from spiffe://cluster.local/ns/ecommerce/sa/ecommerce-gateway-istio to spiffe://cluster.local/ns/ecommerce/sa/cart; " +
            "observed none at all: the probe traffic to it did not pass through ztunnel. Remedy: make ztunnel carry the gateway's traffic",
            mutual.Message);
    }

    [Fact]
    public async Task Plaintext_connections_fail_naming_the_permissive_peer_authentication()
    {
        var results = MtlsCheck.Judge(await RoutedAsync("PERMISSIVE"), Snapshot(),
            Snapshot(IstioMetrics.Opened("cart", 2, IstioMetrics.Unknown, source: "")), FromGateway);

        var plaintext = Case(results, MtlsConstants.NoPlaintextCase);
        Assert.Equal(Verdict.Fail, plaintext.Verdict);
        Assert.Contains("observed 2 opened / 0 bytes with connection_security_policy=unknown from (no principal)", plaintext.Message);
        Assert.Contains("Remedy: set spec.mtls.mode: STRICT in PeerAuthentication ecommerce/default (mesh.yaml:", plaintext.Message);
        Assert.Equal(Verdict.Fail, Case(results, MtlsConstants.MutualTlsCase).Verdict);
    }

    [Fact]
    public async Task Mutual_tls_from_another_identity_fails_naming_the_gateway_identity_expected()
    {
        const string other = "spiffe://cluster.local/ns/ecommerce/sa/default";

        var results = MtlsCheck.Judge(await RoutedAsync(), Snapshot(), Snapshot(IstioMetrics.Opened("cart", 1, source: other)), FromGateway);

        var mutual = Case(results, MtlsConstants.MutualTlsCase);
        Assert.Equal(Verdict.Fail, mutual.Verdict);
        Assert.Contains($"from {other} to spiffe://cluster.local/ns/ecommerce/sa/cart", mutual.Message);
        Assert.Contains($"Remedy: the gateway does not run as {Meshes.GatewayIdentity}", mutual.Message);
    }

    [Fact]
    public async Task A_counter_reset_between_snapshots_counts_its_new_value()
    {
        var results = MtlsCheck.Judge(await RoutedAsync(), Snapshot(IstioMetrics.Opened("cart", 50)), Snapshot(IstioMetrics.Opened("cart", 3)), FromGateway);

        Assert.Contains("3 opened", Case(results, MtlsConstants.MutualTlsCase).Message);
    }

    [Fact]
    public async Task Unreadable_snapshot_makes_both_cases_errors()
    {
        using var http = new HttpClient();
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart"));
        var (inspector, routed) = await Meshes.InspectAsync(manifests, http, LoopbackPorts.ClosedUrl());

        var before = await MetricsSnapshot.TakeAsync(inspector, Cancel);
        var results = MtlsCheck.Judge(routed, before, Snapshot(IstioMetrics.Opened("cart", 1)), FromGateway);

        Assert.All(results, r => Assert.Equal(Verdict.Error, r.Verdict));
        Assert.All(results, r => Assert.StartsWith("could not look: before the probe traffic, dataplane admin", r.Message));
    }

    [Fact]
    public async Task Without_dataplane_admin_the_check_is_an_error_never_a_pass()
    {
        using var http = new HttpClient();
        var (inspector, routed) = await Meshes.InspectAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart")), http);

        var results = MtlsCheck.Judge(routed, await MetricsSnapshot.TakeAsync(inspector, Cancel), await MetricsSnapshot.TakeAsync(inspector, Cancel), FromGateway);

        Assert.All(results, r => Assert.Equal(Verdict.Error, r.Verdict));
        Assert.All(results, r => Assert.Contains("no dataplane admin endpoint given", r.Message));
    }

    [Fact]
    public async Task Snapshots_from_a_live_admin_see_the_connections_opened_in_between()
    {
        using var http = new HttpClient();
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart"));
        await using var pod = FakePod.Refusing();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(manifests, pod);
        var (inspector, routed) = await Meshes.InspectAsync(manifests, http, ztunnel.Address);

        var before = await MetricsSnapshot.TakeAsync(inspector, Cancel);
        var after = await MetricsSnapshot.TakeAsync(inspector, Cancel);

        Assert.All(MtlsCheck.Judge(routed, before, after, FromGateway), r => Assert.Equal(Verdict.Pass, r.Verdict));
    }
}
