using AmbientVerify.Manifests.Topology;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.AppHost;

/// <summary>
/// The AppHost's own switches, taken out of the command line before Aspire's builder sees the rest
/// (Aspire would otherwise read bare switches such as <c>--gate</c> as configuration keys).
/// </summary>
public sealed record AppHostOptions
{
    /// <summary>Run the matrix once, write the reports, exit with the gate's code. Default: run continuously.</summary>
    public bool Gate { get; init; }

    /// <summary>A folder under samples/ecommerce (sidecar, sidecar-unbound, ambient-as-planned, ambient). Default: ambient.</summary>
    public string? Sample { get; init; }

    /// <summary>A directory of rendered manifests (e.g. `helm template` output); overrides <see cref="Sample"/>.</summary>
    public string? Manifests { get; init; }

    /// <summary>Where the gate writes junit.xml, report.json and report.md. Default: artifacts/.</summary>
    public string Output { get; init; } = "artifacts";

    /// <summary>Gaps fail the gate too.</summary>
    public bool Strict { get; init; }

    /// <summary>The dataplane the namespace must be in: ambient (default) or sidecar (implied by --sample sidecar).</summary>
    public string? Expect { get; init; }

    /// <summary>The Gateway the probes go through; default: the one with the most routes.</summary>
    public string? GatewayName { get; init; }

    /// <summary>The Istio version whose behaviour the local mesh emulates and the probes assume; default the newest supported.</summary>
    public IstioVersion? IstioVersion { get; init; }

    /// <summary>The Gateway API CRD channel of the cluster; default the manifests' HTTPRoute CRD, else experimental.</summary>
    public GatewayApiChannel? GatewayApiChannel { get; init; }

    /// <summary>
    /// A route to a Service the manifests do not have is probed (and reported, its cases never pass) instead of
    /// stopping the run before anything starts.
    /// </summary>
    public bool AllowMissingBackends { get; init; }

    /// <summary>
    /// <c>--namespace-label ns:key=value</c> (repeatable): a label of a namespace the manifests use without a Namespace
    /// object, on top of those the expected mode implies (<see cref="NamespaceAssumptions"/>).
    /// </summary>
    public IReadOnlyList<NamespaceLabel> NamespaceLabels { get; init; } = [];

    /// <summary>
    /// <c>--expectations FILE</c>: per-route expectations for the probes, as an absolute path (given relative to the
    /// working directory); null: the plan's values for every route. The file must exist when the options are parsed.
    /// </summary>
    public string? Expectations { get; init; }

    /// <summary>
    /// <c>--compare</c>: the same load through the before manifests (sidecar) and then the after manifests (ambient) on
    /// the local mesh, a resource snapshot of each, and <c>compare.json</c> / <c>compare.md</c> (see <see cref="CompareRun"/>).
    /// </summary>
    public bool Compare { get; init; }

    /// <summary>The before-state's manifests for <see cref="Compare"/>; default the sidecar sample.</summary>
    public string? Before { get; init; }

    /// <summary>The after-state's manifests for <see cref="Compare"/>; default the ambient sample.</summary>
    public string? After { get; init; }

    /// <summary>Nodes of the cluster the comparison is for: ztunnel and istio-cni run one pod per node.</summary>
    public int Nodes { get; init; } = DefaultNodes;

    /// <summary>How long the comparison's load runs on each mesh (after its warm-up).</summary>
    public TimeSpan LoadDuration { get; init; } = DefaultLoadDuration;

    /// <summary>The comparison's open-model rate, requests per second, the same on both meshes.</summary>
    public int LoadRate { get; init; } = DefaultLoadRate;

    /// <summary>
    /// <c>--ztunnel-cpu</c>, <c>--ztunnel-memory</c>, <c>--cni-cpu</c>, <c>--cni-memory</c> (each with its quantity) and
    /// <c>--before-ran-cni</c> of <see cref="Compare"/>, checked here and passed on as given to the snapshots (Probes'
    /// <c>DataplaneSizingOptions</c> reads them).
    /// </summary>
    public IReadOnlyList<string> SizingArguments { get; init; } = [];

    /// <summary>Arguments that are not ours, passed on to Aspire.</summary>
    public string[] Remaining { get; init; } = [];

    public const string DefaultSample = "ambient";
    public const string DefaultBeforeSample = "sidecar";
    public const int DefaultNodes = 3;
    public const int DefaultLoadRate = 200;
    public static readonly TimeSpan DefaultLoadDuration = TimeSpan.FromSeconds(60);

    /// <summary>The comparison's bounds: the load runs on the local mesh of this machine, twice.</summary>
    public const int MaxLoadRate = 5000;
    public const int MaxNodes = 1000;
    public static readonly TimeSpan MaxLoadDuration = TimeSpan.FromMinutes(30);

    public static readonly string Usage = $$"""
        usage: dotnet run --project AppHost -- [--gate] [--sample NAME | --manifests DIR] [--output DIR] [--strict]
                                               [--expect ambient|sidecar] [--gateway-name NAME]
                                               [--istio-version 1.N] [--gateway-api-channel standard|experimental]
                                               [--allow-missing-backends] [--namespace-label NS:KEY=VALUE ...]
                                               [--expectations FILE]
               dotnet run --project AppHost -- --compare [--before DIR --after DIR] [--nodes N] [--output DIR]
                                               [--duration 60s] [--rate 200] [--ztunnel-cpu Q] [--ztunnel-memory Q]
                                               [--cni-cpu Q] [--cni-memory Q] [--before-ran-cni]
          --gate             run the behaviour matrix once and exit: 0 passed, 1 a case failed, 2 could not decide
          --sample NAME      samples/ecommerce/NAME: sidecar, sidecar-unbound, ambient-as-planned, ambient (default)
          --manifests DIR    your own rendered manifests (helm template output) instead of a sample
          --output DIR       where the gate writes junit.xml, report.json, report.md (default artifacts/)
          --strict           gaps fail the gate too
          --expect MODE      ambient (default) or sidecar (the before-state; implied by --sample sidecar)
          --gateway-name N   the Gateway to probe (default: the one most routes attach to)
          --istio-version V  the Istio version whose behaviour to emulate (supported {{AmbientVerify.Manifests.Versions.IstioVersion.SupportedRange}}, default {{AmbientVerify.Manifests.Versions.IstioVersion.Default}})
          --gateway-api-channel C
                             standard or experimental: the cluster's Gateway API CRDs (default: the manifests' CRD, else experimental)
          --allow-missing-backends
                             probe a chart whose routes name Services it does not render (those routes never pass)
                             instead of stopping before anything starts
          --namespace-label NS:KEY=VALUE
                             a label of a namespace the manifests use without a Namespace object (repeatable); such a
                             namespace is assumed labelled as --expect needs, and the report says so
          --expectations FILE
                             per-route expectations (YAML: defaults, then overrides by route name, host or path
                             prefix); default: the plan's values for every route
          --compare          sidecar vs ambient: the same load through --before (default samples/ecommerce/sidecar)
                             and then --after (default samples/ecommerce/ambient) on the local mesh, a resource
                             snapshot of each, compare.json and compare.md in --output
          --before DIR, --after DIR
                             the before (sidecar) and after (ambient) manifests of --compare
          --nodes N          the cluster's node count for --compare: ztunnel and istio-cni cost per node (default {{DefaultNodes}})
          --duration D       how long --compare loads each mesh (default 60s, at most {{(int)MaxLoadDuration.TotalMinutes}}m)
          --rate R           --compare's open-model rate in requests/s, the same on both (default {{DefaultLoadRate}}, at most {{MaxLoadRate}})
          --ztunnel-cpu Q, --ztunnel-memory Q, --cni-cpu Q, --cni-memory Q
                             --compare: ztunnel / istio-cni requests per node (default Istio's charts: 200m/512Mi, 100m/100Mi)
          --before-ran-cni   --compare: the sidecar install already ran istio-cni (default: it used istio-init)
          --Probes:KEY=V     a probes setting passed on (e.g. --Probes:MaxRps=10); other Section:Key=V pairs are
                             Aspire configuration; any other option is refused
        """;

    /// <exception cref="ArgumentException">An unknown value or a switch without its value.</exception>
    public static AppHostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new AppHostOptions();
        var remaining = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");

            options = args[i] switch
            {
                "--gate" => options with { Gate = true },
                "--compare" => options with { Compare = true },
                "--before" => options with { Before = Value() },
                "--after" => options with { After = Value() },
                "--nodes" => options with { Nodes = Bounded(args[i], Value(), 1, MaxNodes) },
                "--rate" => options with { LoadRate = Bounded(args[i], Value(), 1, MaxLoadRate) },
                "--duration" => options with { LoadDuration = BoundedDuration(args[i], Value()) },
                "--ztunnel-cpu" or "--cni-cpu" => options with { SizingArguments = [.. options.SizingArguments, args[i], Quantity(args[i], Value(), cpu: true)] },
                "--ztunnel-memory" or "--cni-memory" => options with { SizingArguments = [.. options.SizingArguments, args[i], Quantity(args[i], Value(), cpu: false)] },
                "--before-ran-cni" => options with { SizingArguments = [.. options.SizingArguments, args[i]] },
                "--strict" => options with { Strict = true },
                "--allow-missing-backends" => options with { AllowMissingBackends = true },
                "--namespace-label" => options with { NamespaceLabels = [.. options.NamespaceLabels, Parsed(args[i], Value(), NamespaceAssumptions.ParseOne)] },
                "--sample" => options with { Sample = Value() },
                "--manifests" => options with { Manifests = Value() },
                "--output" => options with { Output = Value() },
                "--expect" => options with { Expect = ExpectValue(Value()) },
                "--gateway-name" => options with { GatewayName = Value() },
                "--expectations" => options with { Expectations = ExistingFile(args[i], Value()) },
                "--istio-version" => options with { IstioVersion = Parsed(args[i], Value(), AmbientVerify.Manifests.Versions.IstioVersion.Parse) },
                "--gateway-api-channel" => options with { GatewayApiChannel = Parsed(args[i], Value(), GatewayApiChannels.Parse) },
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ when IsConfiguration(args[i]) => Keep(options, remaining, args, ref i),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}"),
            };
        }

        if (options.Sample is not null && options.Manifests is not null)
        {
            throw new ArgumentException("Give either --sample or --manifests, not both.");
        }

        if (options.Compare && (options.Gate || options.Sample is not null || options.Manifests is not null))
        {
            throw new ArgumentException("--compare takes its manifests from --before and --after; it cannot be combined with --gate, --sample or --manifests.");
        }

        if (!options.Compare && ((options.Before ?? options.After) is not null || options.SizingArguments.Count > 0))
        {
            throw new ArgumentException("--before, --after, --ztunnel-*, --cni-* and --before-ran-cni belong to --compare.");
        }

        return options with { Remaining = [.. remaining] };
    }

    /// <summary>The before and after manifest directories of <see cref="Compare"/>, absolute: the options, else the samples.</summary>
    public (string Before, string After) ResolveCompareDirectories(string appHostDirectory) =>
        (Before is null ? (this with { Sample = DefaultBeforeSample }).ResolveManifestDirectory(appHostDirectory) : ExistingDirectory("--before", Before),
         After is null ? (this with { Sample = DefaultSample }).ResolveManifestDirectory(appHostDirectory) : ExistingDirectory("--after", After));

    private static string ExistingDirectory(string option, string value)
    {
        var path = Path.GetFullPath(value);
        return Directory.Exists(path) ? path : throw new ArgumentException($"{option}: no such directory: {path}");
    }

    private static int Bounded(string option, string value, int min, int max) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{option} must be a whole number from {min} to {max}, not '{value}'.");

    private static string Quantity(string option, string value, bool cpu) =>
        (cpu ? AmbientVerify.Manifests.Quantities.TryParseCpu(value, out _) : AmbientVerify.Manifests.Quantities.TryParseMemory(value, out _))
            ? value
            : throw new ArgumentException(AmbientVerify.Manifests.Quantities.NotAQuantity(value, option,
                cpu ? AmbientVerify.Manifests.Quantities.ExpectedCpu : AmbientVerify.Manifests.Quantities.ExpectedMemory));

    private static TimeSpan BoundedDuration(string option, string value) =>
        AmbientVerify.Manifests.Durations.TryParse(value, out var duration) && duration > TimeSpan.Zero && duration <= MaxLoadDuration
            ? duration
            : throw new ArgumentException($"{option} must be a duration from 1s to {(int)MaxLoadDuration.TotalMinutes}m such as 60s or 2m, not '{value}'.");

    /// <summary>The mode the namespace must be in: explicit --expect, else sidecar for the sidecar sample, else ambient.</summary>
    public string ExpectedMode => Expect ?? (Manifests is null && Sample == "sidecar" ? "sidecar" : "ambient");

    /// <summary>Absolute manifest directory: --manifests relative to the working directory, or the sample.</summary>
    public string ResolveManifestDirectory(string appHostDirectory)
    {
        if (Manifests is not null)
        {
            return Path.GetFullPath(Manifests);
        }

        var samples = Path.GetFullPath(Path.Combine(appHostDirectory, "..", "samples", "ecommerce"));
        var sample = Path.Combine(samples, Sample ?? DefaultSample);
        if (!Directory.Exists(sample))
        {
            var known = Directory.Exists(samples)
                ? string.Join(", ", Directory.GetDirectories(samples).Select(Path.GetFileName).Order())
                : "none";
            throw new ArgumentException($"Unknown sample '{Sample}'. Known samples: {known}.");
        }

        return sample;
    }

    private static T Parsed<T>(string option, string value, Func<string, T> parse)
    {
        try
        {
            return parse(value);
        }
        catch (FormatException error)
        {
            throw new ArgumentException($"{option}: {error.Message}");
        }
    }

    /// <summary>
    /// The absolute path of a file that must exist: the probes read it only once everything has started, and a
    /// mistyped path must stop the run before that.
    /// </summary>
    private static string ExistingFile(string option, string value)
    {
        var path = Path.GetFullPath(value);
        return File.Exists(path)
            ? path
            : throw new ArgumentException($"{option}: no such file: {path}");
    }

    private static string ExpectValue(string value) => value is "ambient" or "sidecar"
        ? value
        : throw new ArgumentException($"--expect must be 'ambient' or 'sidecar', not '{value}'.");

    /// <summary>
    /// Switches the host reads itself (Aspire's and .NET's command-line mappings), passed on untouched; anything else
    /// that is not a configuration path is a typo, and a typo must not run a gate that ignores it.
    /// </summary>
    private static readonly HashSet<string> HostSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        "environment", "contentRoot", "applicationName", "operation", "publisher", "output-path", "step", "log-level",
        "dcp-cli-path", "container-runtime", "dependency-check-timeout",
    };

    /// <summary>`--Section:Key=value`, `--Section:Key value`, or one of the host's own switches.</summary>
    private static bool IsConfiguration(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
        {
            return false;
        }

        var key = arg[2..].Split('=', 2)[0];
        return key.Contains(':', StringComparison.Ordinal) || HostSwitches.Contains(key);
    }

    /// <summary>Keeps a configuration argument for Aspire, with its value when it comes as the next argument.</summary>
    private static AppHostOptions Keep(AppHostOptions options, List<string> remaining, IReadOnlyList<string> args, ref int i)
    {
        remaining.Add(args[i]);
        if (!args[i].Contains('=', StringComparison.Ordinal))
        {
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            }

            remaining.Add(args[++i]);
        }

        return options;
    }
}
