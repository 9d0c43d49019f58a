// The wiring diagram of the local target: stand-in services from the manifests, the LocalMesh gateway in
// front of them, and the Probes harness in front of the gateway. `--gate` runs the matrix once and exits.
using AmbientVerify.AppHost;
using AmbientVerify.Manifests;
using Microsoft.Extensions.DependencyInjection;

AppHostOptions options;
try
{
    options = AppHostOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return GateExitCodes.CouldNotRun;
}

// --compare runs two meshes one after the other, each with its own app (CompareRun).
if (options.Compare)
{
    return await CompareRun.RunAsync(options, BuiltProject.AppHostDirectory);
}

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = options.Remaining,
    // A pipeline gate has nobody to look at a dashboard; skipping it saves start-up time.
    DisableDashboard = options.Gate,
});

builder.Services.QuietStartUpLogs();

LocalTarget target;
try
{
    target = LocalTarget.Load(options, builder.AppHostDirectory);
    BuiltProject.RequireBuilt(new Projects.FaultTarget(), new Projects.LocalMesh(), new Projects.Probes());
}
catch (Exception error) when (error is ArgumentException or ManifestException)
{
    Console.Error.WriteLine($"ambientverify: {error.Message}");
    return GateExitCodes.CouldNotRun;
}

// Probes settings given to the AppHost (--Probes:RequestTimeout=20s, --Probes:MaxRps=10, ...) reach the probes as
// environment, the expectations file as an argument. The probes' own code checks them now, so a refused value or a
// malformed file stops the run before anything starts.
var probesSettings = ProbesSettings.Environment(builder.Configuration);
if (await ProbesSettings.RefusalAsync(probesSettings, ProbesSettings.CheckedArguments(options)) is { } refusal)
{
    Console.Error.WriteLine($"ambientverify: a Probes setting is refused, nothing was started:\n{refusal}");
    return GateExitCodes.CouldNotRun;
}

// The target: stand-ins, the dataplane the manifests ask for, the LocalMesh gateway in front (LocalMeshResources).
var mesh = LocalMeshResources.Add(builder, options, target);

// The harness: the behaviour matrix through the gateway, once (--gate) or periodically with /metrics.
var probes = builder.AddBuiltProject<Projects.Probes>(LocalTarget.ProbesResourceName)
    .WithArgs(context => ProbeArguments.Add(context.Args, options, target, mesh.GatewayTraffic, mesh.Dataplane.AdminEndpoints,
        mesh.Processes.Select(process => process.Health)))
    // Everything starts at once (the gateway and the dataplane dial lazily). The probes start as soon as every process
    // has started and wait for each /health themselves (--wait-ready, every 200 ms): Aspire's health wait backs off
    // to 5 s between checks, which kept the probes idle while every process of a run starts at once on two cores.
    .WaitForStartOfAll(mesh.Processes.Select(process => process.Process));
if (!options.Gate)
{
    // Health, traces, metrics and logs in the dashboard. A gate has no dashboard: an OTLP exporter pointed at none
    // retries every second in every process, and the probes' own readiness wait replaces Aspire's health checks
    // (which cost the app host CPU while every process of a run starts on two cores).
    foreach (var (process, health) in mesh.Processes.Append((probes, probes.GetEndpoint("http"))))
    {
        process.WithHttpHealthCheck("/health", endpointName: health.EndpointName).WithOtlpExporter();
    }

    // The verdict where QA already looks: a "verdict" row under probes, report.html and /metrics, "Run the matrix now".
    ProbesDashboard.Add(builder, probes);
}

// The Probes settings checked above reach the probes as the same environment.
foreach (var (name, value) in probesSettings)
{
    probes.WithEnvironment(name, value);
}

// Prometheus scraping every process, when it is installed (PrometheusResource). Not in a gate: it is seconds long and
// pushes to a Pushgateway (--pushgateway) instead, and another process would slow its start on two cores.
var prometheus = options.Gate
    ? null
    : PrometheusResource.Add(builder, PrometheusResource.Targets(mesh, (PrometheusResource.Jobs.Probes, probes)),
        PrometheusResource.LocateOnPath, warning => Console.Error.WriteLine($"ambientverify: {warning}"));

using var app = builder.Build();
if (!options.Gate)
{
    ProbesConsoleEcho.Start(app);
    await app.RunAsync();
    target.RemoveMeshCa();
    prometheus?.RemoveScratch();
    return 0;
}

ProbesConsoleEcho.Start(app, errorsOnly: true);
return await GateRun.RunAsync(app, target, Path.GetFullPath(options.Output));
