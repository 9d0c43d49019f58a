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
/// The cluster gate's twin routes against the local mesh dressed as a cluster (<see cref="ClusterDressedLocalMesh"/>):
/// what the harness creates through the Kubernetes API is served by the real local gateway, and is gone afterwards.
/// </summary>
public sealed class TwinRoutesOnLocalMeshTests(ClusterDressedLocalMesh mesh) : IClassFixture<ClusterDressedLocalMesh>
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
