using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Versions;
using AmbientVerify.Manifests.Topology;
using AmbientVerify.Manifests.Validation;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Checks;
using AmbientVerify.Probes.Checks.Capture;
using AmbientVerify.Probes.Checks.LegacyMtlsConfig;
using AmbientVerify.Probes.Checks.Mtls;
using AmbientVerify.Probes.Checks.Plaintext;
using AmbientVerify.Probes.Checks.Routing;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Verdicts;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// One complete run: read the manifests, find the main gateway's routes, audit the configuration, look at the mesh
/// (capture, legacy mTLS config), snapshot the dataplane metrics, run the matrix, snapshot again (mTLS evidence),
/// then knock in plaintext. Anything that stops the run from starting becomes the report's
/// <see cref="RunReport.Problem"/> (gate exit 2).
/// </summary>
/// <param name="inspectorFactory">The mesh inspector for a run; default a <see cref="LocalMeshInspector"/> on the settings' dataplane admin endpoints.</param>
public sealed class ProbeRun(HttpClient http, TimeProvider time, ILoggerFactory loggers, Func<RunSettings, MeshManifests, IMeshInspector>? inspectorFactory = null)
{
    /// <summary>What to do when the gateway cannot be reached.</summary>
    public const string LocalGatewayRemedy = "start the target (LocalMesh or port-forward the ingress) or pass the right --gateway";

    private readonly ILogger _logger = loggers.CreateLogger<ProbeRun>();

    /// <summary>The run inside its span (<see cref="RunSpans"/>), between the run-started and run-finished log events.</summary>
    public async Task<RunReport> ExecuteAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        using var run = RunSpans.Start(_logger, settings.Target, settings.Expect.ToString().ToLowerInvariant(), settings.Gateway.ToString());
        return RunSpans.Finish(run, _logger, await RunAsync(settings, cancellationToken).ConfigureAwait(false));
    }

    private async Task<RunReport> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        MeshVersions? versions = null;
        string? emulated = null;
        IReadOnlyList<AppliedExpectations> applied = [];
        RunReport Report(IReadOnlyList<CheckResult> results, string? problem = null) => new(
            settings.Target, settings.Expect.ToString().ToLowerInvariant(), settings.Gateway.ToString(),
            settings.ManifestsDirectory, started, time.GetElapsedTime(clock), results, problem)
        {
            Versions = versions,
            EmulatedGateway = emulated,
            ExpectationsFile = settings.ExpectationsFile?.Path,
            Expectations = applied,
        };

        var invalid = settings.Expectations.Validate().Concat(settings.Runner.Validate()).ToList();
        if (invalid.Count > 0)
        {
            return Report([], "invalid options: " + string.Join("; ", invalid));
        }

        MeshManifests manifests;
        IngressGateway gateway;
        GatewayRouting routing;
        try
        {
            manifests = NamespaceAssumptions.Apply(MeshManifests.LoadDirectory(settings.ManifestsDirectory), settings.AssumedNamespaceLabels);
            versions = GatewayRoutes.Versions(manifests, settings.IstioVersion, settings.GatewayApiChannel);
            if (AdmissionWebhook.Check(manifests, versions) is { Count: > 0 } refused)
            {
                return Report([], AdmissionWebhook.Describe(refused));
            }

            gateway = GatewayRoutes.SelectMainGateway(manifests, settings.GatewayName);
            emulated = gateway.Describe();
            routing = GatewayRoutes.Resolve(manifests, gateway, versions);
            if (routing.RoutesWithBackends.Count == 0)
            {
                return Report([], $"{gateway.Describe()} serves no route with a backend: nothing to probe"
                    + (routing.WhyNothingToProbe is { } why ? $" ({why.Message})" : ""));
            }
        }
        catch (ManifestException e)
        {
            return Report([], $"manifests could not be read: {e.Message}");
        }

        var targets = ProbeTargets.For(routing);
        var routes = targets.Select(t => t.Route).ToList();
        ExpectationsByRoute expectations;
        try
        {
            expectations = RouteExpectationsResolver.Resolve(settings.ExpectationsFile, settings.Expectations, routing, routes);
        }
        catch (ManifestException e)
        {
            return Report([], e.Message);
        }

        var labels = MatrixRunner.RouteLabels(routes);
        applied = [.. routes.Select(route => new AppliedExpectations(Subject.Route(labels[route]), expectations.For(route)))];

        if (settings.Readiness is { Urls.Count: > 0 } readiness
            && await new ReadinessWait(http, time).WaitAsync(readiness, cancellationToken).ConfigureAwait(false) is { } notReady)
        {
            ProbeLog.TargetNotReady(_logger, notReady);
            return Report([], $"the target is {notReady}");
        }

        if (await GatewayReachability.ProblemAsync(http, settings.Gateway, time, LocalGatewayRemedy, cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            ProbeLog.GatewayUnreachable(_logger, unreachable);
            return Report([], unreachable);
        }

        var audit = ConfigAudit.Run(manifests, settings.Expect, expectations);
        var routingResults = RoutingCheck.Judge(routing, targets);
        var inspector = (inspectorFactory ?? LocalInspector)(settings, manifests);
        var routed = await RoutedWorkloads.ResolveAsync(routes, inspector, cancellationToken).ConfigureAwait(false);
        var capture = await CaptureCheck.RunAsync(inspector, routed, new CaptureOptions { Expect = settings.Expect }, cancellationToken).ConfigureAwait(false);
        var legacy = await LegacyMtlsConfigCheck.RunAsync(inspector, new LegacyMtlsConfigOptions { Expect = settings.Expect }, cancellationToken).ConfigureAwait(false);

        // The mTLS evidence is what the matrix's own traffic leaves in the dataplane metrics: snapshot around it.
        var before = await MetricsSnapshot.TakeAsync(inspector, cancellationToken).ConfigureAwait(false);
        var runner = new MatrixRunner(http, time, loggers.CreateLogger<MatrixRunner>());
        var matrix = await runner.RunAsync(settings.Gateway, MatrixRoute.For(targets, expectations), settings.Runner, cancellationToken).ConfigureAwait(false);
        var after = await MetricsSnapshot.TakeAsync(inspector, cancellationToken).ConfigureAwait(false);
        var mtls = MtlsCheck.Judge(routed, before, after, new MtlsOptions
        {
            ExpectedSourcePrincipal = gateway.Identity().ToString(),
            Expect = settings.Expect,
        });

        // After the second snapshot: accepted plaintext attempts would otherwise count against the mTLS evidence.
        var plaintext = await PlaintextCheck.RunAsync(inspector, routed, new PlaintextOptions(), time, cancellationToken).ConfigureAwait(false);
        return Report([.. audit, .. routingResults, .. capture, .. legacy, .. matrix, .. mtls, .. plaintext]);
    }

    private IMeshInspector LocalInspector(RunSettings settings, MeshManifests manifests) =>
        new LocalMeshInspector(manifests, MeshTopology.From(manifests), settings.Dataplane ?? new DataplaneAdminOptions(), http, time);
}
