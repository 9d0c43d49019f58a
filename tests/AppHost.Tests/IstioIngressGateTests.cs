namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// The sidecar-era ingress end to end: an Istio Gateway selecting the default ingress proxy (not rendered), a
/// VirtualService bound to it with an Exact path, and a server that redirects an old host to https.
/// </summary>
public sealed class IstioIngressGateTests
{
    [Fact]
    public async Task The_gate_probes_the_virtual_service_routes_through_the_istio_gateway_and_names_what_it_emulated()
    {
        var result = await GateHarness.RunAsync("--manifests", RoutingGate.Chart("istio-ingress"), "--expect", "sidecar",
            "--expectations", RoutingGate.Chart("istio-ingress.expectations.yaml"));

        // Both routes, the Exact one included, behave as the VirtualService says, and the expectations file says so:
        // the one without retries is judged by its own entry, not by the plan's 3 retries.
        foreach (var route in new[] { "bookinfo#0", "bookinfo#1" })
        {
            var cases = result.Matrix(route);
            Assert.NotEmpty(cases);
            Assert.All(cases, c => Assert.True(c.Text("verdict") == "pass", $"{route} {c.Text("caseId")}: {c.Text("message")}"));
        }

        var reviews = Assert.Single(result.Report.RootElement.GetProperty("expectations").EnumerateArray(),
            e => e.GetProperty("subject").GetProperty("name").GetString() == "bookinfo#1");
        Assert.EndsWith("istio-ingress.expectations.yaml:7", reviews.GetProperty("source").GetString());
        Assert.Equal(0, reviews.GetProperty("retries").GetInt32());

        // The proxy is assumed, and said to be: Istio's default ingress, whose identity the mTLS evidence carries.
        var emulated = Assert.Single(result.CasesOf("routing"), c => c.Text("caseId") == "gateway-emulated");
        Assert.Equal("gap", emulated.Text("verdict"));
        Assert.Contains("emulated the Istio ingress proxy app=istio-ingressgateway,istio=ingressgateway in istio-system with Istio Gateway bookinfo/bookinfo-gateway", emulated.Text("message"));
        Assert.All(result.CasesOf("mtls"), c => Assert.Equal("pass", c.Text("verdict")));
        Assert.Contains(result.CasesOf("routing"), c => c.Text("caseId") == "listener-emulated" && c.Text("message").Contains("sets tls.httpsRedirect"));
        Assert.DoesNotContain(result.Cases, c => c.Text("verdict") is "error" or "fail");
        Assert.Equal(GateExitCodes.Passed, result.ExitCode);
    }
}
