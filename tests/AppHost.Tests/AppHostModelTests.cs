using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// The model the AppHost builds (nothing is started): one FaultTarget process for every Service,
/// one endpoint per Service, the gateway and the dataplane sending each Service's traffic to its own endpoint, and
/// how every process is started.
/// </summary>
public sealed class AppHostModelTests
{
    private static readonly string[] Services =
        ["customer-service", "order-service", "payment-service", "product-service", "saga-tracker", "store-service"];

    [Fact]
    public async Task One_faulttarget_process_serves_every_service_on_an_endpoint_named_after_it()
    {
        await using var builder = await AppHostModelAsync("sidecar");

        var standIns = Assert.Single(builder.Resources.OfType<ExecutableResource>(), r => r.Command.Contains("FaultTarget", StringComparison.Ordinal));

        Assert.Equal(StandInResources.ResourceName, standIns.Name);
        Assert.Equal(Services, standIns.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Each_services_listener_is_given_its_name_namespace_endpoint_and_replicas()
    {
        await using var builder = await AppHostModelAsync("sidecar");

        var environment = await ResourceEnvironment.OfAsync(builder.Resources.Single(r => r.Name == StandInResources.ResourceName));

        var entries = Enumerable.Range(0, Services.Length)
            .Select(i => (environment[$"FaultTarget__Services__{i}__Name"], environment[$"FaultTarget__Services__{i}__Namespace"],
                environment[$"FaultTarget__Services__{i}__Url"], environment[$"FaultTarget__Services__{i}__Replicas"]))
            .OrderBy(e => e.Item1, StringComparer.Ordinal);
        Assert.Equal(Services.Select(s => (s, "ecommerce", $"{{faulttarget.bindings.{s}.url}}", "3")), entries);
        Assert.DoesNotContain("ASPNETCORE_URLS", environment.Keys);
    }

    [Theory]
    [InlineData("sidecar", "localmesh")]
    [InlineData("sidecar", "order-service-sidecar-2")]
    [InlineData("ambient", "ztunnel")]
    public async Task The_gateway_and_the_dataplane_reach_each_service_at_its_own_endpoint(string sample, string resource)
    {
        await using var builder = await AppHostModelAsync(sample);

        var environment = await ResourceEnvironment.OfAsync(builder.Resources.Single(r => r.Name == resource));

        var backends = environment.Where(e => e.Key.StartsWith("LocalMesh__Backends__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(backends);
        // LocalMesh__Backends__<namespace>__<service> → the endpoint named after the Service.
        Assert.All(backends, backend =>
            Assert.Equal($"{{faulttarget.bindings.{backend.Key["LocalMesh__Backends__ecommerce__".Length..]}.url}}", backend.Value));
    }

    [Fact]
    public async Task Every_process_the_app_host_starts_waits_for_a_quiet_spell_before_tiering_up()
    {
        await using var builder = await AppHostModelAsync("sidecar");

        foreach (var executable in builder.Resources.OfType<ExecutableResource>())
        {
            var environment = await ResourceEnvironment.OfAsync(executable);
            Assert.True(environment.TryGetValue(BuiltProject.TieringDelayVariable, out var delay) && delay == BuiltProject.TieringDelayMilliseconds,
                $"{executable.Name} starts without {BuiltProject.TieringDelayVariable}={BuiltProject.TieringDelayMilliseconds}");
        }
    }

    [Fact]
    public async Task With_the_dashboard_the_faulttarget_has_one_health_check_on_a_services_endpoint()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--sample", "ambient"], TestContext.Current.CancellationToken);

        var standIns = builder.Resources.Single(r => r.Name == StandInResources.ResourceName);

        Assert.Single(standIns.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public async Task With_the_dashboard_the_probes_row_links_report_html_and_metrics()
    {
        await using var builder = await DashboardModelAsync();
        var probes = (IResourceWithEndpoints)builder.Resources.Single(r => r.Name == LocalTarget.ProbesResourceName);
        var http = probes.GetEndpoint("http");
        // What Aspire adds for the endpoint before the resource's own callbacks run (ApplicationOrchestrator).
        var context = new ResourceUrlsCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), probes,
            [new ResourceUrlAnnotation { Url = "http://localhost:5123", Endpoint = http }], TestContext.Current.CancellationToken);

        foreach (var callback in probes.Annotations.OfType<ResourceUrlsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        Assert.Equal([("report.html", "http://localhost:5123"), ("/metrics", "/metrics")],
            context.Urls.Where(u => u.Endpoint?.EndpointName == "http").Select(u => (u.DisplayText, u.Url)));
    }

    [Fact]
    public async Task With_the_dashboard_the_probes_row_has_run_the_matrix_now_enabled_only_while_running()
    {
        await using var builder = await DashboardModelAsync();
        var probes = builder.Resources.Single(r => r.Name == LocalTarget.ProbesResourceName);

        var command = Assert.Single(probes.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == ProbesDashboard.RunNowCommandName);

        Assert.Equal("Run the matrix now", command.DisplayName);
        Assert.True(command.IsHighlighted, "the command is only in the row's menu, not a button");
        Assert.Equal([ResourceCommandState.Disabled, ResourceCommandState.Enabled, ResourceCommandState.Disabled],
            new[] { KnownResourceStates.Starting, KnownResourceStates.Running, KnownResourceStates.Exited }.Select(state => command.UpdateState(new UpdateCommandStateContext
            {
                ResourceSnapshot = new CustomResourceSnapshot { ResourceType = "Executable", Properties = [], State = state },
                Services = builder.Services.BuildServiceProvider(),
            })));
    }

    [Fact]
    public async Task With_the_dashboard_a_verdict_row_under_probes_says_first_run_until_a_run_ends()
    {
        await using var builder = await DashboardModelAsync();

        var verdict = Assert.Single(builder.Resources.OfType<VerdictResource>());

        Assert.Equal(ProbesDashboard.VerdictResourceName, verdict.Name);
        var parent = Assert.Single(verdict.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Parent");
        Assert.Equal(LocalTarget.ProbesResourceName, parent.Resource.Name);
        var initial = Assert.Single(verdict.Annotations.OfType<ResourceSnapshotAnnotation>()).InitialSnapshot;
        Assert.Equal(("first run…", KnownResourceStateStyles.Info), (initial.State?.Text, initial.State?.Style));
    }

    [Fact]
    public async Task A_gate_has_no_verdict_row_and_no_command()
    {
        await using var builder = await AppHostModelAsync("ambient");

        Assert.Empty(builder.Resources.OfType<VerdictResource>());
        Assert.DoesNotContain(builder.Resources.Single(r => r.Name == LocalTarget.ProbesResourceName).Annotations.OfType<ResourceCommandAnnotation>(),
            c => c.Name == ProbesDashboard.RunNowCommandName);
    }

    private static async Task<IDistributedApplicationTestingBuilder> DashboardModelAsync() =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--sample", "ambient"], TestContext.Current.CancellationToken);

    private static async Task<IDistributedApplicationTestingBuilder> AppHostModelAsync(string sample) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--gate", "--sample", sample, "--output", ScratchDirectory.NewPath("ambientverify-wiring")], TestContext.Current.CancellationToken);
}
