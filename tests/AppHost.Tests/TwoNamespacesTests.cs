using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// The "two-namespaces" chart: team-a/tls-backend and team-b/tls-backend, each routed by the one gateway, and a
/// Service nothing routes to. Everything the AppHost starts is keyed by namespace and name, and only what the gateway
/// routes to gets a stand-in.
/// </summary>
public sealed class TwoNamespacesModelTests
{
    [Fact]
    public async Task Each_same_named_service_gets_its_own_endpoint_and_the_unrouted_one_none()
    {
        await using var builder = await ModelAsync();

        var standIns = builder.Resources.Single(r => r.Name == StandInResources.ResourceName);

        Assert.Equal(["team-a-tls-backend", "team-b-tls-backend"], standIns.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name).Order());
    }

    [Theory]
    [InlineData("localmesh")]
    [InlineData("ztunnel")]
    public async Task The_gateway_and_the_ztunnel_reach_each_namespaces_service_at_its_own_endpoint(string resource)
    {
        await using var builder = await ModelAsync();

        var environment = await ResourceEnvironment.OfAsync(builder.Resources.Single(r => r.Name == resource));

        Assert.Equal("{faulttarget.bindings.team-a-tls-backend.url}", environment["LocalMesh__Backends__team-a__tls-backend"]);
        Assert.Equal("{faulttarget.bindings.team-b-tls-backend.url}", environment["LocalMesh__Backends__team-b__tls-backend"]);
        Assert.DoesNotContain(environment.Keys, key => key.Contains("batch-worker", StringComparison.Ordinal));
    }

    [Fact]
    public void A_service_nothing_routes_to_gets_no_stand_in()
    {
        var target = LocalTarget.Load(AppHostOptions.Parse(["--manifests", RoutingGate.Chart("two-namespaces")]), Path.Combine(TestSupport.Repository.Root, "AppHost"));

        Assert.Equal(["team-a/tls-backend", "team-b/tls-backend"], target.StandIns.Select(w => w.Service.ToString()).Order());
        Assert.Contains(target.Topology.Workloads, w => w.Name == "batch-worker");
    }

    private static async Task<IDistributedApplicationTestingBuilder> ModelAsync() =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--gate", "--manifests", RoutingGate.Chart("two-namespaces"), "--output", ScratchDirectory.NewPath("ambientverify-two-namespaces")],
            TestContext.Current.CancellationToken);
}

/// <summary>The chart with sidecars instead of ztunnel: one sidecar process per pod, each told its namespace.</summary>
internal static class SidecarTwoNamespaces
{
    /// <summary>A copy of the chart whose namespaces request sidecar injection.</summary>
    public static string Chart()
    {
        var copy = ScratchDirectory.NewPath("ambientverify-two-namespaces-sidecar");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(RoutingGate.Chart("two-namespaces")))
        {
            File.WriteAllText(Path.Combine(copy, Path.GetFileName(file)),
                File.ReadAllText(file).Replace("istio.io/dataplane-mode: ambient", "istio-injection: enabled", StringComparison.Ordinal));
        }

        return copy;
    }
}

public sealed class TwoNamespacesSidecarModelTests
{
    [Theory]
    [InlineData("team-a")]
    [InlineData("team-b")]
    public async Task Each_namespaces_pod_gets_its_own_sidecar_and_the_gateway_finds_it_by_namespace(string ns)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--gate", "--expect", "sidecar", "--manifests", SidecarTwoNamespaces.Chart(), "--output", ScratchDirectory.NewPath("ambientverify-two-namespaces")],
            TestContext.Current.CancellationToken);

        var sidecar = await ResourceEnvironment.OfAsync(builder.Resources.Single(r => r.Name == $"{ns}-tls-backend-sidecar-0"));
        var gateway = await ResourceEnvironment.OfAsync(builder.Resources.Single(r => r.Name == LocalTarget.GatewayResourceName));

        Assert.Equal(ns, sidecar["LocalMesh__Sidecar__Namespace"]);
        Assert.Equal($"{{faulttarget.bindings.{ns}-tls-backend.url}}", sidecar[$"LocalMesh__Backends__{ns}__tls-backend"]);
        Assert.Equal($"{{{ns}-tls-backend-sidecar-0.bindings.http.url}}", gateway[$"LocalMesh__Sidecars__{ns}__tls-backend-0__Admin"]);
    }
}

/// <summary>The sidecar variant through the real AppHost: each pod's sidecar serves its own namespace's pod.</summary>
public sealed class TwoNamespacesSidecarGateTests
{
    [Fact]
    public async Task Both_same_named_services_behind_their_own_sidecars_are_probed_to_a_complete_verdict()
    {
        var result = await GateHarness.RunAsync(["--expect", "sidecar", "--manifests", SidecarTwoNamespaces.Chart(), .. RoutingGate.ShortPolicy]);

        foreach (var route in new[] { "HTTPRoute/team-a/tls-backend#0.0", "HTTPRoute/team-b/tls-backend#0.0" })
        {
            var cases = result.Matrix(route);
            Assert.NotEmpty(cases);
            Assert.All(cases.Where(c => c.NeedsRetryOnStatus()), c => Assert.True(c.Text("verdict") == "pass", $"{route} {c.Text("caseId")}: {c.Text("message")}"));
        }

        // The mesh evidence of each namespace's pod comes from its own sidecar.
        Assert.Contains(result.CasesOf("mtls"), c => c.Text("route") == "Deployment team-b/tls-backend" && c.Text("verdict") == "pass");
        Assert.DoesNotContain(result.Cases, c => c.Text("verdict") == "error");
        Assert.NotEqual(GateExitCodes.CouldNotRun, result.ExitCode);
    }
}

/// <summary>The same chart through the real AppHost: it used to crash with "Cannot add resource … with name 'tls-backend'".</summary>
public sealed class TwoNamespacesGateTests
{
    [Fact]
    public async Task Both_same_named_services_are_probed_to_a_complete_verdict_each_at_its_own_backend()
    {
        var result = await GateHarness.RunAsync(["--manifests", RoutingGate.Chart("two-namespaces"), .. RoutingGate.ShortPolicy]);

        foreach (var route in new[] { "HTTPRoute/team-a/tls-backend#0.0", "HTTPRoute/team-b/tls-backend#0.0" })
        {
            var cases = result.Matrix(route);
            Assert.NotEmpty(cases);
            // A try counted at another Service than the route's backend makes the case an error ("… not behind the
            // route"), so a pass means each route's tries arrived at its own namespace's tls-backend.
            Assert.All(cases.Where(c => c.NeedsRetryOnStatus()), c => Assert.True(c.Text("verdict") == "pass", $"{route} {c.Text("caseId")}: {c.Text("message")}"));
        }

        Assert.DoesNotContain(result.Cases, c => c.Text("verdict") == "error");
        Assert.Equal(GateExitCodes.Passed, result.ExitCode);
    }
}
