using System.CommandLine;
using System.Globalization;
using AmbientVerify.LoadTests.Limits;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cli;

namespace AmbientVerify.LoadTests.Cli;

/// <summary>The command line's options, read as text and parsed here so every mistake gets a message that names the option.</summary>
public sealed class LoadOptions
{
    public Option<string?> Gateway { get; } = new("--gateway") { Description = "Gateway base URL, e.g. http://127.0.0.1:8080 (the only address contacted)" };
    public Option<string?> Manifests { get; } = new("--manifests") { Description = "Directory of rendered manifests (default <repo>/samples/ecommerce/ambient)" };
    public Option<string?> GatewayName { get; } = new("--gateway-name") { Description = "Main Gateway name or namespace/name (default: the one with most routes, as Probes picks it)" };
    public Option<string?> Scenario { get; } = new("--scenario") { Description = "shop (default: every route, weighted as a shop is used) | route (one scenario per route) | a scenario's name" };
    public Option<string?> Model { get; } = new("--model") { Description = "open (default: --rate requests/s, latency from the intended send time) | closed (--copies looping send→answer)" };
    public Option<string?> Rate { get; } = new("--rate") { Description = "Open model: requests per second (default 200)" };
    public Option<string?> Copies { get; } = new("--copies") { Description = "Closed model: copies (default 10, at most --concurrency)" };
    public Option<string?> Concurrency { get; } = new("--concurrency") { Description = "Requests in flight at most, and connections (default 100, at most 1000)" };
    public Option<string?> Duration { get; } = new("--duration") { Description = "Measured window per scenario (default 60s; 500ms, 2m, 1m30s)" };
    public Option<string?> WarmUp { get; } = new("--warmup") { Description = "At full load before the measured window, not counted (default 5s)" };
    public Option<string?> Ramp { get; } = new("--ramp") { Description = "Linear ramp from 0 before the warm-up, not counted (default 0s)" };
    public Option<string?> Mode { get; } = new("--mode") { Description = "Labels the run: sidecar | ambient | unknown (default)" };
    public Option<string?> Output { get; } = new("--output") { Description = "Directory for load.json, load.md, load.csv (default artifacts/load)" };
    public Option<string?> MaxRate { get; } = new("--max-rate") { Description = "Allow this rate on a gateway that is not a loopback address (default cap 1000, at most 10000)" };
    public Option<string[]> WaitReady { get; } = new("--wait-ready") { Description = "A URL that must answer 2xx before the load starts (e.g. each process's /health); repeatable, 60s at most" };
    public Option<bool> Snapshot { get; } = new("--snapshot") { Description = "Also write the mode's resource snapshot (snapshot-<mode>.json): requests and limits from the manifests, usage of the --process processes over the measured window" };
    public Option<string[]> Process { get; } = new("--process") { Description = "With --snapshot: base URL of a local mesh process that answers /__process; its CPU and memory are sampled from /proc; repeatable" };
    /// <summary>With --snapshot: --nodes, --ztunnel-cpu/-memory, --cni-cpu/-memory, --before-ran-cni, as Probes' snapshot takes them.</summary>
    public DataplaneSizingOptions Sizing { get; } = new();
    public Option<string[]> Weight { get; } = new("--weight") { Description = "Shop weight override, key=N where key is a Service name or a route id; repeatable" };

    public static readonly string[] Modes = ["sidecar", "ambient", "unknown"];

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Gateway, Manifests, GatewayName, Scenario, Model, Rate, Copies, Concurrency, Duration, WarmUp, Ramp, Mode, Output, MaxRate, Weight, WaitReady, Snapshot, Process, .. Sizing.All])
        {
            command.Add(option);
        }
    }

    /// <param name="defaultManifests">Where the manifests are when --manifests is not given.</param>
    public (LoadSettings? Settings, IReadOnlyList<string> Errors) Bind(ParseResult parsed, Func<string> defaultManifests)
    {
        var errors = new List<string>();
        var gatewayText = parsed.GetValue(Gateway);
        Uri? gateway = null;
        if (gatewayText is null)
        {
            errors.Add("--gateway is required (e.g. --gateway http://127.0.0.1:8080)");
        }
        else if (!Uri.TryCreate(gatewayText, UriKind.Absolute, out gateway) || gateway.Scheme is not ("http" or "https"))
        {
            errors.Add($"--gateway {gatewayText}: expected an absolute http:// or https:// URL");
        }

        var model = parsed.GetValue(Model) ?? "open";
        if (model is not ("open" or "closed"))
        {
            errors.Add($"--model {model}: expected open or closed");
        }

        var mode = parsed.GetValue(Mode) ?? "unknown";
        if (!Modes.Contains(mode))
        {
            errors.Add($"--mode {mode}: expected {string.Join(", ", Modes)}");
        }

        var maxRate = Integer(parsed, MaxRate, null, errors);
        var snapshot = parsed.GetValue(Snapshot);
        if (snapshot && mode == "unknown")
        {
            errors.Add("--snapshot needs --mode sidecar or --mode ambient: a snapshot is of one mode");
        }

        if (!snapshot && (parsed.GetValue(Process) is [_, ..] || Sizing.AnyGiven(parsed)))
        {
            errors.Add("--process, --nodes, --ztunnel-*, --cni-* and --before-ran-cni belong to --snapshot");
        }

        var sizing = Sizing.Bind(parsed, errors);
        var settings = new LoadSettings
        {
            Gateway = gateway ?? new Uri("http://invalid"),
            ManifestsDirectory = parsed.GetValue(Manifests) is { } m ? Path.GetFullPath(m) : defaultManifests(),
            GatewayName = parsed.GetValue(GatewayName),
            Scenario = parsed.GetValue(Scenario) ?? "shop",
            OpenModel = model != "closed",
            Rate = Integer(parsed, Rate, 200, errors)!.Value,
            Copies = Integer(parsed, Copies, 10, errors)!.Value,
            Concurrency = Integer(parsed, Concurrency, 100, errors)!.Value,
            Duration = Span(parsed, Duration, TimeSpan.FromSeconds(60), errors),
            WarmUp = Span(parsed, WarmUp, TimeSpan.FromSeconds(5), errors),
            Ramp = Span(parsed, Ramp, TimeSpan.Zero, errors),
            Mode = mode,
            OutputDirectory = parsed.GetValue(Output) ?? Path.Combine("artifacts", "load"),
            Weights = Weights(parsed.GetValue(Weight) ?? [], errors),
            Limits = LoadLimits.Default with { RemoteRateRaisedTo = maxRate },
            WaitReady = HttpUrls.Parse(WaitReady.Name, parsed.GetValue(WaitReady) ?? [], errors),
            Snapshot = snapshot,
            Processes = HttpUrls.Parse(Process.Name, parsed.GetValue(Process) ?? [], errors),
            Sizing = sizing,
        };
        if (settings.Duration <= TimeSpan.Zero)
        {
            errors.Add("--duration: must be above 0");
        }

        return errors.Count > 0 ? (null, errors) : (settings, errors);
    }

    private static int? Integer(ParseResult parsed, Option<string?> option, int? fallback, List<string> errors)
    {
        if (parsed.GetValue(option) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{option.Name} {text}: expected a whole number of 0 or more");
        return fallback ?? 0;
    }

    private static TimeSpan Span(ParseResult parsed, Option<string?> option, TimeSpan fallback, List<string> errors)
    {
        if (parsed.GetValue(option) is not { } text)
        {
            return fallback;
        }

        if (Durations.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{option.Name} {text}: not a duration ({Durations.Expected})");
        return fallback;
    }

    private static Dictionary<string, int> Weights(IEnumerable<string> pairs, List<string> errors)
    {
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.LastIndexOf('=');
            if (equals <= 0 || !int.TryParse(pair.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                errors.Add($"--weight {pair}: expected key=N (a Service name or a route id, and a whole number), e.g. --weight product-service=50");
                continue;
            }

            weights[pair[..equals]] = weight;
        }

        return weights;
    }
}
