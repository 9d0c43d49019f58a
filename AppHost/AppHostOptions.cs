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

    /// <summary>Arguments that are not ours, passed on to Aspire.</summary>
    public string[] Remaining { get; init; } = [];

    public const string DefaultSample = "ambient";

    public static readonly string Usage = $$"""
        usage: dotnet run --project AppHost -- [--gate] [--sample NAME | --manifests DIR] [--output DIR] [--strict]
                                               [--expect ambient|sidecar] [--gateway-name NAME]
                                               [--istio-version 1.N] [--gateway-api-channel standard|experimental]
                                               [--allow-missing-backends] [--namespace-label NS:KEY=VALUE ...]
                                               [--expectations FILE]
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

        return options with { Remaining = [.. remaining] };
    }

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
