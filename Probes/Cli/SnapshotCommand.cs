using System.CommandLine;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Resources.Cluster;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>snapshot</c>: the dataplane's requests and limits for one mode, written as <c>snapshot-&lt;mode&gt;.json</c>.
/// <c>--target local</c> (default): from the manifests and Istio's defaults; usage is added by whoever samples the
/// processes (<see cref="LocalUsage"/>), not by this verb. <c>--target cluster</c>: from the live pods, with usage
/// sampled from metrics.k8s.io or <c>--prometheus</c> (<see cref="ClusterSnapshot"/>).
/// Exit 0 — also when usage could not be measured (metrics-server absent): the snapshot is written without usage and
/// the reason is printed as a warning and kept in its assumptions, since the requests are the snapshot's main figure
/// and <c>compare</c> reports a basis without usage as "not measured". Exit 2 with every problem (bad option,
/// unreadable manifests or load file, a cluster that refuses or cannot be reached: the API server's words).
/// </summary>
internal static class SnapshotCommand
{
    public const string Name = "snapshot";

    public const string TargetLocal = "local";
    public const string TargetCluster = "cluster";

    public static Command Create(IConfiguration? configuration = null)
    {
        configuration ??= new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var target = new Option<string?>("--target") { Description = "local: from --manifests (default) | cluster: from the live pods" };
        var mode = new Option<string?>("--mode") { Description = "sidecar | ambient (required for local; cluster: detected from the namespace and its pods when not given)" };
        var manifests = new Option<string?>("--manifests") { Description = "Directory of rendered manifests (required for local)" };
        var cluster = new ClusterOptions();
        var duration = new Option<string?>("--duration") { Description = "cluster: how long usage is sampled (default 60s; 0s = one sample)" };
        var interval = new Option<string?>("--interval") { Description = "cluster: time between usage samples (default 15s)" };
        var prometheus = new Option<string?>("--prometheus") { Description = "cluster: Prometheus base URL to read usage from instead of metrics.k8s.io" };
        var sizingOptions = new DataplaneSizingOptions();
        var load = new Option<string?>("--load") { Description = "LoadTests' load.json to include (per scenario rps, ok/fail, latency)" };
        var output = new Option<string?>("--output") { Description = "Directory for snapshot-<mode>.json (default artifacts)" };
        var command = new Command(Name, "Write the dataplane's requests and limits for one mode (snapshot-<mode>.json), from manifests or a live cluster")
        {
            target, mode, manifests, load, output, duration, interval, prometheus,
        };
        cluster.AddTo(command);
        foreach (var option in sizingOptions.All)
        {
            command.Add(option);
        }

        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var errors = parsed.UnmatchedTokens.Select(t => $"unknown option or argument '{t}' (see {Name} --help)").ToList();
            switch (parsed.GetValue(target) ?? TargetLocal)
            {
                case TargetCluster:
                    return await ClusterAsync(parsed, errors, new ClusterSnapshotOptions(mode, manifests, load, output, duration, interval, prometheus, cluster, sizingOptions, configuration),
                        cancellationToken).ConfigureAwait(false);
                case TargetLocal:
                    break;
                case var other:
                    errors.Add($"--target '{other}' is not {TargetLocal} | {TargetCluster}");
                    break;
            }

            Option[] clusterOnly = [cluster.Kubeconfig, cluster.Context, cluster.Namespace, duration, interval, prometheus];
            errors.AddRange(clusterOnly.Where(o => parsed.GetResult(o) is { Implicit: false }).Select(o => $"{o.Name} is for --target cluster"));

            var meshMode = parsed.GetValue(mode) switch
            {
                "sidecar" => MeshMode.Sidecar,
                "ambient" => MeshMode.Ambient,
                var other => Error<MeshMode?>(errors, other is null ? "--mode is required: sidecar | ambient" : $"--mode '{other}' is not sidecar | ambient"),
            };
            var directory = parsed.GetValue(manifests) ?? Error<string>(errors, "--manifests is required: the directory of rendered manifests");
            var sizing = sizingOptions.Bind(parsed, errors);

            IReadOnlyList<LoadFigures> loadFigures = [];
            MeshManifests? mesh = null;
            try
            {
                if (parsed.GetValue(load) is { } loadPath)
                {
                    loadFigures = LoadFiguresFile.Read(loadPath);
                }

                if (errors.Count == 0)
                {
                    mesh = MeshManifests.LoadDirectory(directory!);
                }
            }
            catch (Exception e) when (e is ResourceFileException or ManifestException)
            {
                errors.Add(e.Message);
            }

            ResourceSnapshot? snapshot = null;
            try
            {
                snapshot = mesh is null || meshMode is null ? null : ResourceSnapshotBuilder.FromManifests(mesh, meshMode.Value, sizing);
            }
            catch (ManifestException e)
            {
                errors.Add(e.Message);
            }

            if (errors.Count > 0 || snapshot is null)
            {
                await Console.Error.WriteLineAsync($"{Name}: " + string.Join(Environment.NewLine + $"{Name}: ", errors)).ConfigureAwait(false);
                return GateExitCode.Error;
            }

            snapshot = ResourceSnapshotBuilder.WithLoad(snapshot, loadFigures);
            var path = ResourceSnapshotFile.Write(snapshot, parsed.GetValue(output) ?? "artifacts");
            var sidecars = snapshot.OfKind(ComponentKinds.Sidecar).ToList();
            Console.WriteLine($"{snapshot.Mode.ToString().ToLowerInvariant()}: {sidecars.Count} sidecars, {snapshot.OfKind(ComponentKinds.Ztunnel).Count()} ztunnel, "
                              + $"{snapshot.OfKind(ComponentKinds.IstioCni).Count()} istio-cni on {snapshot.NodeCount} nodes; written to {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }

    /// <summary>The options <c>--target cluster</c> reads.</summary>
    private sealed record ClusterSnapshotOptions(
        Option<string?> Mode, Option<string?> Manifests, Option<string?> Load, Option<string?> Output, Option<string?> Duration, Option<string?> Interval,
        Option<string?> Prometheus, ClusterOptions Cluster, DataplaneSizingOptions Sizing, IConfiguration Configuration);

    private static async Task<int> ClusterAsync(ParseResult parsed, List<string> errors, ClusterSnapshotOptions options, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(options.Manifests) is not null)
        {
            errors.Add("--manifests is for --target local: a cluster snapshot reads the live pods");
        }

        if (options.Sizing.AnyGiven(parsed))
        {
            errors.Add($"{string.Join(", ", options.Sizing.All.Where(o => parsed.GetResult(o) is { Implicit: false }).Select(o => o.Name))}: for --target local only: "
                       + "a cluster snapshot counts the ztunnel and istio-cni pods that run and reads their requests");
        }

        var meshMode = parsed.GetValue(options.Mode) switch
        {
            null => (MeshMode?)null,
            "sidecar" => MeshMode.Sidecar,
            "ambient" => MeshMode.Ambient,
            var other => Error<MeshMode?>(errors, $"--mode '{other}' is not sidecar | ambient (or leave it out: it is detected)"),
        };
        var duration = DurationOf(parsed, options.Duration, ClusterSnapshotRequest.DefaultDuration, errors, allowZero: true);
        var interval = DurationOf(parsed, options.Interval, ClusterSnapshotRequest.DefaultInterval, errors, allowZero: false);
        Uri? prometheus = null;
        if (parsed.GetValue(options.Prometheus) is { } prometheusText
            && !(Uri.TryCreate(prometheusText.EndsWith('/') ? prometheusText : prometheusText + "/", UriKind.Absolute, out prometheus) && prometheus.Scheme is "http" or "https"))
        {
            errors.Add($"--prometheus '{prometheusText}' is not an http(s) URL (Prometheus' base URL, e.g. http://prometheus.monitoring:9090)");
        }

        var (target, targetError) = options.Cluster.Bind(parsed, options.Configuration);
        if (targetError is not null)
        {
            errors.Add(targetError);
        }

        IReadOnlyList<LoadFigures> loadFigures = [];
        try
        {
            if (parsed.GetValue(options.Load) is { } loadPath)
            {
                loadFigures = LoadFiguresFile.Read(loadPath);
            }
        }
        catch (ResourceFileException e)
        {
            errors.Add(e.Message);
        }

        ClusterSnapshotResult? result = null;
        if (errors.Count == 0)
        {
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                var client = target!.Connect();
                result = await ClusterSnapshot.TakeAsync(client, new ClusterSnapshotRequest(target, meshMode, duration, interval, prometheus), http, TimeProvider.System, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is ClusterAccessException or ManifestException)
            {
                errors.Add(e.Message);
            }
        }

        if (errors.Count > 0 || result is null)
        {
            await Console.Error.WriteLineAsync($"{Name}: " + string.Join(Environment.NewLine + $"{Name}: ", errors)).ConfigureAwait(false);
            return GateExitCode.Error;
        }

        foreach (var warning in result.Warnings)
        {
            await Console.Error.WriteLineAsync($"{Name}: warning: {warning}").ConfigureAwait(false);
        }

        var snapshot = ResourceSnapshotBuilder.WithLoad(result.Snapshot, loadFigures);
        var path = ResourceSnapshotFile.Write(snapshot, parsed.GetValue(options.Output) ?? "artifacts");
        var measured = snapshot.Components.Count(c => c.Usage is not null);
        Console.WriteLine($"{snapshot.Mode.ToString().ToLowerInvariant()} ({target}): {snapshot.OfKind(ComponentKinds.Sidecar).Count()} sidecars, "
                          + $"{snapshot.OfKind(ComponentKinds.Ztunnel).Count()} ztunnel, {snapshot.OfKind(ComponentKinds.IstioCni).Count()} istio-cni on {snapshot.NodeCount} nodes; "
                          + $"usage of {measured} of {snapshot.Components.Count} components; written to {Path.GetFullPath(path)}");
        return 0;
    }

    private static TimeSpan DurationOf(ParseResult parsed, Option<string?> option, TimeSpan fallback, List<string> errors, bool allowZero)
    {
        if (parsed.GetValue(option) is not { } text)
        {
            return fallback;
        }

        if (Durations.TryParse(text, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)))
        {
            return value;
        }

        errors.Add($"{option.Name} '{text}' is not a duration {(allowZero ? "of 0s or more" : "above 0s")} (e.g. {Durations.Format(fallback)})");
        return fallback;
    }

    private static T? Error<T>(List<string> errors, string message)
    {
        errors.Add(message);
        return default;
    }
}
