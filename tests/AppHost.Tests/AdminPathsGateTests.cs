using Aspire.Hosting.ApplicationModel;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// The gateway's own endpoints are on its admin port: a chart's routes on /health and /metrics are probed like any
/// other, while the probes' readiness wait (and the dashboard's health check) ask the admin port.
/// </summary>
public sealed class AdminPathsGateTests
{
    [Fact]
    public async Task Routes_on_the_gateways_old_health_and_metrics_paths_reach_their_backend()
    {
        var result = await GateHarness.RunAsync(["--manifests", RoutingGate.Chart("admin-paths"), .. RoutingGate.ShortPolicy]);

        foreach (var route in new[] { "health", "metrics" })
        {
            var cases = result.Matrix(route);
            Assert.NotEmpty(cases);
            Assert.All(cases.Where(c => c.NeedsRetryOnStatus()), c => Assert.True(c.Text("verdict") == "pass", $"{route} {c.Text("caseId")}: {c.Text("message")}"));
        }

        Assert.DoesNotContain(result.Cases, c => c.Text("verdict") == "error");
        Assert.Equal(GateExitCodes.Passed, result.ExitCode);
    }
}

/// <summary>The gateway is told its admin URL, and is asked for its health there.</summary>
public sealed class GatewayAdminModelTests
{
    [Fact]
    public async Task The_gateway_serves_its_own_endpoints_on_the_admin_endpoint_and_is_health_checked_there()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--sample", "ambient"], TestContext.Current.CancellationToken);
        var gateway = builder.Resources.Single(r => r.Name == LocalTarget.GatewayResourceName);

        var environment = await ResourceEnvironment.OfAsync(gateway);

        Assert.Equal("{localmesh.bindings.admin.url}", environment["LocalMesh__Admin"]);
        Assert.Equal("{localmesh.bindings.http.url}", environment["ASPNETCORE_URLS"]);
        var healthCheck = Assert.Single(gateway.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Contains("admin", healthCheck.Key, StringComparison.Ordinal);
    }
}
