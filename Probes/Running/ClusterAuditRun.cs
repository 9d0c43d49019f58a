using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Checks;
using AmbientVerify.Probes.Checks.Capture;
using AmbientVerify.Probes.Checks.Cluster;
using AmbientVerify.Probes.Checks.LegacyMtlsConfig;
using AmbientVerify.Probes.Checks.Routing;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Inspection;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;
using k8s;
using AmbientVerify.Probes.Telemetry;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// <c>audit</c>: read a live cluster and judge it without traffic and without writes (get and list only). Two phases,
/// public so <c>gate --target cluster</c> runs the same ones before its traffic:
/// <see cref="PrepareAsync"/> (read, resolve the routes, expectations, inspector) and <see cref="JudgeAsync"/>
/// (prechecks, config audit, routing, capture, legacy mTLS config, PeerAuthentication mode). What stops the
/// reading becomes the report's <see cref="RunReport.Problem"/> (exit 2), as in <see cref="ProbeRun"/>.
/// </summary>
public sealed class ClusterAuditRun(TimeProvider time, ILoggerFactory loggers)
{
    public const string Target = "cluster";

    /// <summary>What reports show as the gateway of a run that sends no traffic.</summary>
    public const string NoTraffic = "(audit: no traffic)";

    private readonly ILogger _logger = loggers.CreateLogger<ClusterAuditRun>();

    public async Task<RunReport> ExecuteAsync(ClusterAuditSettings settings, IKubernetes client, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var invalid = settings.Expectations.Validate();
        if (invalid.Count > 0)
        {
            return Report(settings, started, time.GetElapsedTime(clock), [], null, "invalid options: " + string.Join("; ", invalid));
        }

        ClusterView view;
        try
        {
            view = await PrepareAsync(settings, client, ct).ConfigureAwait(false);
        }
        catch (ClusterAccessException e)
        {
            ProbeLog.ClusterReadRefused(_logger, e.Message);
            return Report(settings, started, time.GetElapsedTime(clock), [], null, $"the cluster could not be read: {e.Message}");
        }
        catch (ManifestException e)
        {
            return Report(settings, started, time.GetElapsedTime(clock), [], null, e.Message);
        }

        var results = await JudgeAsync(view, settings, ct).ConfigureAwait(false);
        return Report(settings, started, time.GetElapsedTime(clock), results, view);
    }

    /// <summary>Reads the cluster and resolves what the checks judge.</summary>
    /// <exception cref="ClusterAccessException">The API server refused or could not be reached, or the namespace does not exist.</exception>
    /// <exception cref="ManifestException">No main gateway, a live object the manifest reader refuses, or an expectations entry that matches no route.</exception>
    public async Task<ClusterView> PrepareAsync(ClusterAuditSettings settings, IKubernetes client, CancellationToken ct)
    {
        var cluster = await LiveClusterReader.ReadAsync(client, settings.Cluster, ct).ConfigureAwait(false);
        var missing = cluster.MissingApis.Count == 0 ? "" : $" ({string.Join("; ", cluster.MissingApis.Select(m => m.Words))})";
        try
        {
            var manifests = cluster.Manifests;
            var (istio, istioSource) = IstioVersionOf(cluster, settings.IstioVersion);
            var versions = new MeshVersions(istio, ChannelOf(cluster, settings.GatewayApiChannel, out var channelSource), channelSource);
            var gateway = GatewayRoutes.SelectMainGateway(manifests, settings.GatewayName);
            var routing = GatewayRoutes.Resolve(manifests, gateway, versions);
            var targets = ProbeTargets.For(routing);
            var routes = targets.Select(t => t.Route).ToList();
            var expectations = RouteExpectationsResolver.Resolve(settings.ExpectationsFile, settings.Expectations, routing, routes);
            var labels = MatrixRunner.RouteLabels(routes);
            var inspector = new ClusterMeshInspector(cluster, client, time);
            var routed = await RoutedWorkloads.ResolveAsync(routes, inspector, ct).ConfigureAwait(false);
            return new ClusterView(cluster, manifests, versions, istioSource, gateway, routing, targets, expectations,
                [.. routes.Select(route => new AppliedExpectations(Subject.Route(labels[route]), expectations.For(route)))],
                inspector, routed);
        }
        catch (ManifestException e) when (missing.Length > 0)
        {
            throw new ManifestException(e.Message + missing);
        }
    }

    /// <summary>Every static verdict on the view: nothing here sends traffic or writes.</summary>
    public async Task<IReadOnlyList<CheckResult>> JudgeAsync(ClusterView view, ClusterAuditSettings settings, CancellationToken ct)
    {
        var prechecks = new List<CheckResult>
        {
            IstioVersionPrecheck.Judge(view.Cluster, settings.IstioVersion),
            GatewayApiCrdPrecheck.Judge(view.Cluster, settings.GatewayApiChannel),
        };
        prechecks.AddRange(NodeAgentsPrecheck.Judge(view.Cluster, settings.Expect));
        prechecks.AddRange(RouteStatusPrecheck.Judge(view.Cluster, view.Gateway));
        prechecks.AddRange(MissingApiPrecheck.Judge(view.Cluster));
        prechecks.AddRange(NotEmulatedPrecheck.Judge(view.Cluster));

        var audit = ConfigAudit.Run(view.Manifests, settings.Expect, view.Expectations);
        var routing = RoutingCheck.Judge(view.Routing, view.Targets);
        var capture = await CaptureCheck.RunAsync(view.Inspector, view.Routed, new CaptureOptions { Expect = settings.Expect }, ct).ConfigureAwait(false);
        var legacy = await LegacyMtlsConfigCheck.RunAsync(view.Inspector, new LegacyMtlsConfigOptions { Expect = settings.Expect }, ct).ConfigureAwait(false);
        var peerAuthentication = PeerAuthenticationModeCheck.Judge(view.Routed);
        return [.. prechecks, .. audit, .. routing, .. capture, .. legacy, .. peerAuthentication];
    }

    /// <summary>The report of a run that could not start (a kubeconfig that cannot be used, bad options): exit 2 with <paramref name="problem"/>.</summary>
    public RunReport Refused(ClusterAuditSettings settings, string problem) => Report(settings, time.GetUtcNow(), TimeSpan.Zero, [], null, problem);

    /// <summary>--istio-version, else the istiod image's (clamped to the versions whose behaviour is known), else the default with the reason.</summary>
    public static (IstioVersion Version, string Source) IstioVersionOf(LiveCluster cluster, IstioVersion? overridden)
    {
        if (overridden is { } given)
        {
            return (given, "--istio-version");
        }

        if (IstioVersionPrecheck.Parse(cluster.IstioVersion.Text) is not { } live)
        {
            return (IstioVersion.Default, $"default {IstioVersion.Default}: {cluster.IstioVersion.Source}");
        }

        var version = new IstioVersion(live.Major, live.Minor);
        return version < IstioVersion.Oldest ? (IstioVersion.Oldest, $"{cluster.IstioVersion.Source}, judged as {IstioVersion.Oldest}, the oldest known")
            : version > IstioVersion.Newest ? (IstioVersion.Newest, $"{cluster.IstioVersion.Source}, judged as {IstioVersion.Newest}, the newest known")
            : (version, cluster.IstioVersion.Source);
    }

    /// <summary>--gateway-api-channel, else the HTTPRoute CRD's channel annotation, else what its schema says (retry declared: experimental), else experimental.</summary>
    public static GatewayApiChannel ChannelOf(LiveCluster cluster, GatewayApiChannel? overridden, out string source)
    {
        var crds = cluster.GatewayApiCrds;
        if (overridden is { } given)
        {
            source = "--gateway-api-channel";
            return given;
        }

        if (crds.Channel is { } annotated && Enum.TryParse<GatewayApiChannel>(annotated, ignoreCase: true, out var channel))
        {
            source = $"the {GatewayApiChannels.ChannelAnnotation} annotation of {crds.Source} in the cluster";
            return channel;
        }

        if (crds.HttpRouteCrdFound)
        {
            source = $"the schema of {crds.Source} in the cluster ({(crds.SchemaHasRetry ? "declares" : "lacks")} retry)";
            return crds.SchemaHasRetry ? GatewayApiChannel.Experimental : GatewayApiChannel.Standard;
        }

        source = "default: no HTTPRoute CRD in the cluster";
        return GatewayApiChannel.Experimental;
    }

    private static RunReport Report(ClusterAuditSettings settings, DateTimeOffset started, TimeSpan duration, IReadOnlyList<CheckResult> results, ClusterView? view, string? problem = null) =>
        new(Target, settings.Expect.ToString().ToLowerInvariant(), NoTraffic, settings.Cluster.ToString(), started, duration, results, problem)
        {
            Versions = view?.Versions,
            EmulatedGateway = view?.Gateway.Describe(),
            ExpectationsFile = settings.ExpectationsFile?.Path,
            Expectations = view?.Applied ?? [],
        };
}
