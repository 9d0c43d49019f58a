using System.Net;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.Probes.Running;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmbientVerify.AppHost.Tests.Cluster;

/// <summary>
/// The cluster gate against the local mesh dressed as a cluster (<see cref="ClusterDressedLocalMesh"/>): what the harness
/// creates through the Kubernetes API is served by the real local gateway and is gone afterwards (the twin routes on
/// their own), and <c>Probes gate --target cluster</c> runs end to end as a child process.
/// </summary>
public sealed class LocalMeshAsClusterGateTests(ClusterDressedLocalMesh mesh) : IClassFixture<ClusterDressedLocalMesh>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Twins_created_through_the_api_are_served_by_the_local_gateway_with_the_secret_only_and_removed_by_the_cleanup()
    {
        var live = MeshManifests.LoadDirectory(Repository.Sample("ambient"));
        var routing = GatewayRoutes.Resolve(live, GatewayRoutes.SelectMainGateway(live), GatewayRoutes.Versions(live));
        var targets = ProbeTargets.For(routing);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(40) };
        var twins = new TwinRoutes(ClusterConnection.FromKubeconfig(mesh.Kubeconfig, null), http, TimeProvider.System, NullLogger<TwinRoutes>.Instance);
        var options = new TwinOptions { Namespace = ClusterDressedLocalMesh.Namespace, RunId = "msa", Image = "example.com/faulttarget:e2e" };

        var plan = await twins.PlanAsync(live, routing, targets, options, Ct);
        var probed = targets.Where(t => t.Request is not null).Select(t => t.Route.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(probed, plan.Twins.Select(t => t.Original.Name).Order(StringComparer.Ordinal));
        Assert.True(plan.Twins.Count >= 6, $"{plan.Twins.Count} twin(s): {plan}");

        CleanupReport? cleanup = null;
        try
        {
            await twins.ApplyAsync(plan, Ct);
            Assert.Equal(plan.Objects.Count, mesh.HarnessObjects().Count);
            // Services and routes go to the gateway's manifests; the Deployment is the API's business only.
            Assert.Equal(plan.Objects.Count(o => TwinKind.Of(o) != TwinKind.Deployment), mesh.Mirror.Files().Count);

            var convergence = await twins.WaitForConvergenceAsync(mesh.Gateway, plan, Ct);
            Assert.True(convergence.Converged, convergence.ToString());

            // Without the run's secret header the twin path is nobody's route: the gateway's own 404.
            var twin = plan.Twins[0];
            using var withoutSecret = twin.Target.Request!.ToHttpRequest(mesh.Gateway);
            withoutSecret.Headers.Remove(TwinLabels.RunHeader);
            using var refused = await http.SendAsync(withoutSecret, Ct);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.False(refused.Headers.Contains(ConvergenceWaitHeader), $"{twin} answered without the secret");
        }
        finally
        {
            cleanup = await twins.CleanupAsync(plan);
        }

        Assert.True(cleanup.Complete, cleanup.ToString());
        Assert.Equal(plan.Objects.Count, cleanup.Deleted.Count);
        Assert.Empty(mesh.HarnessObjects());
        Assert.Empty(mesh.Mirror.Files());

        // The gateway reloads without the twins: the twin request (secret included) is no longer served.
        var gone = await UntilAsync(async () =>
        {
            using var request = plan.Twins[0].Target.Request!.ToHttpRequest(mesh.Gateway);
            using var response = await http.SendAsync(request, Ct);
            return response.StatusCode == HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(20));
        Assert.True(gone, $"{plan.Twins[0]} is still served 20 s after its route was deleted");
    }

    [Fact]
    public async Task Gate_target_cluster_runs_the_matrix_on_twins_served_by_the_local_gateway_and_leaves_nothing_behind()
    {
        var requestsBefore = mesh.Api.Requests.Count;
        var reachedBefore = mesh.PodNetwork.Reached;
        using var gate = ClusterGateProcess.Start(mesh, "e2e");
        var (exitCode, report) = await gate.WaitAsync(TimeSpan.FromMinutes(4));
        Assert.True(report is not null, $"no report.json (exit code {exitCode}):\n{gate.Log}");
        var result = new GateHarness.GateResult(exitCode, report, gate.Output);
        var requests = mesh.Api.Requests.Skip(requestsBefore).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"dressed local mesh started in {mesh.StartTime.TotalSeconds:0.0}s; the cluster gate took {gate.Clock.Elapsed.TotalSeconds:0.0}s, {requests.Count} API request(s)");

        Assert.Equal("cluster", report.RootElement.GetProperty("target").GetString());
        Assert.Equal("1.26", report.RootElement.GetProperty("istioVersion").GetString());
        var routes = new[] { "customer-service-route", "order-service-route", "payment-service-route", "product-service-route", "saga-tracker-route", "store-service-route" };

        // The matrix ran on the twins with the local gate's verdicts for the same sample (AmbientSampleGateTests):
        // status retries and the 30 s timeout pass, what HTTPRoute cannot express is a gap.
        var matrix = result.CasesOf("behaviour-matrix");
        Assert.Equal(routes, matrix.Select(c => c.GetProperty("route").GetString()).Distinct().Order(StringComparer.Ordinal));
        foreach (var c in matrix)
        {
            var expected = c.TryGetProperty("capability", out var capability) && capability.GetString() is "retry-on-reset" or "retry-on-per-try-timeout" ? "gap" : "pass";
            Assert.True(expected == c.GetProperty("verdict").GetString(),
                $"{c.GetProperty("route")} / {c.GetProperty("case")}: expected {expected}, got {c.GetProperty("verdict")}: {c.GetProperty("message")}");
        }

        foreach (var route in routes)
        {
            Assert.Equal("pass", result.Verdict(route, "a stalled request ends at the request timeout"));
            Assert.Equal("pass", result.Verdict(route, "503 is retried until success"));
        }

        var timeout = matrix.First(c => c.GetProperty("caseId").GetString() == "stalled-request-ends-at-request-timeout");
        Assert.InRange(timeout.GetProperty("observed").GetProperty("elapsedSeconds").GetDouble(), 28.5, 31.5);
        var retried = matrix.First(c => c.GetProperty("caseId").GetString() == "status-503-retried-until-success");
        Assert.Equal(4, retried.GetProperty("observed").GetProperty("tries").GetInt32());

        // The twin lifecycle: nothing to sweep, each twin served, every object removed.
        var twinCases = result.CasesOf("twin-routes");
        Assert.All(twinCases, c => Assert.True(c.GetProperty("verdict").GetString() == "pass", $"{c.GetProperty("route")} / {c.GetProperty("case")}: {c.GetProperty("message")}"));
        Assert.Equal("no expired leftovers", Assert.Single(twinCases, c => c.GetProperty("caseId").GetString() == "leftovers-swept").GetProperty("message").GetString());
        var served = twinCases.Where(c => c.GetProperty("caseId").GetString() == "twin-served").ToList();
        Assert.Equal(routes, served.Select(c => c.GetProperty("route").GetString()).Order(StringComparer.Ordinal));
        Assert.All(served, c => Assert.StartsWith($"twin av-e2e-{c.GetProperty("route").GetString()}-0 served after", c.GetProperty("message").GetString()));
        var created = requests.Count(r => r.Verb == "create");
        Assert.Equal(13, created);
        Assert.Equal($"removed {created} object(s) of run e2e",
            Assert.Single(twinCases, c => c.GetProperty("caseId").GetString() == "objects-removed").GetProperty("message").GetString());

        // Every route once through the real gateway, as a user calls it.
        Assert.Equal(routes, result.CasesOf("route-reachable").Where(c => c.GetProperty("verdict").GetString() == "pass")
            .Select(c => c.GetProperty("route").GetString()).Order(StringComparer.Ordinal));

        // The mTLS evidence is the local ztunnel's counters read through the pod proxy, the plaintext tries met its listeners.
        var mtls = result.CasesOf("mtls");
        Assert.Equal(12, mtls.Count);
        Assert.All(mtls, c => Assert.True(c.GetProperty("verdict").GetString() == "pass", $"{c.GetProperty("route")} / {c.GetProperty("case")}: {c.GetProperty("message")}"));
        Assert.Contains(mtls, c => c.GetProperty("message").GetString()!.Contains("mutual_tls from spiffe://cluster.local/ns/ecommerce/sa/ecommerce-gateway-istio", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Resource == "pods" && r.Subresource == "proxy" && r.Namespace == SeededCluster.IstioSystem);
        var plaintext = result.CasesOf("plaintext");
        Assert.Equal(mesh.PlacedPods, plaintext.Count);
        Assert.All(plaintext, c => Assert.True(c.GetProperty("verdict").GetString() == "pass", $"{c.GetProperty("route")}: {c.GetProperty("message")}"));
        Assert.True(mesh.PodNetwork.Reached - reachedBefore >= mesh.PlacedPods, $"{mesh.PodNetwork.Reached - reachedBefore} plaintext connection(s) reached the ztunnel for {mesh.PlacedPods} pods; unreachable {mesh.PodNetwork.Unreachable}; errors: {string.Join("; ", mesh.PodNetwork.Errors)}");
        Assert.Equal(0, mesh.PodNetwork.Unreachable);

        Assert.Equal(0, result.Report.RootElement.GetProperty("counts").GetProperty("error").GetInt32());
        Assert.Equal(0, result.Report.RootElement.GetProperty("counts").GetProperty("fail").GetInt32());
        Assert.True(exitCode == GateExitCodes.Passed, $"exit code {exitCode}:\n{gate.Log}");

        // Nothing left: in the cluster, in the gateway's manifests; and every request within deploy/rbac.yaml.
        Assert.Empty(mesh.HarnessObjects());
        Assert.Empty(mesh.Mirror.Files());
        RbacPolicy.Deployed().AssertAllowed(requests);
    }

    private const string ConvergenceWaitHeader = "x-fault-service";

    private static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(250, Ct);
        }

        return false;
    }
}
