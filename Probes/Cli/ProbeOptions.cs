using System.CommandLine;
using System.Globalization;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Running;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// The options gate and serve share. Each may come from the command line or, when absent there, from configuration
/// (environment <c>Probes__Gateway</c>, <c>Probes__Manifests</c>, ...), since Aspire passes either; defaults last.
/// </summary>
internal sealed class ProbeOptions
{
    public Option<string?> Gateway { get; } = new("--gateway") { Description = "Gateway base URL, e.g. http://127.0.0.1:8080 (config Probes:Gateway)" };
    public Option<string?> Manifests { get; } = new("--manifests") { Description = "Directory of rendered manifests (config Probes:Manifests)" };
    public Option<string?> GatewayName { get; } = new("--gateway-name") { Description = "Main Gateway name or namespace/name (default: the one with most routes)" };
    public Option<string?> Expect { get; } = new("--expect") { Description = "Expected mesh mode: ambient | sidecar (default ambient)" };
    public Option<string?> Target { get; } = new("--target")
    {
        Description = "local: a gateway whose manifests are --manifests (default); cluster: read the live cluster (--kubeconfig, --context, --namespace) and run the matrix on twin routes",
    };

    public Option<bool> InsecureSkipTlsVerify { get; } = new("--insecure-skip-tls-verify")
    {
        Description = "Accept any TLS certificate from the gateway (a dev gateway with a self-signed one); config Probes:InsecureSkipTlsVerify",
    };
    public Option<string?> RequestTimeout { get; } = new("--request-timeout") { Description = "Expected request timeout (default 30s)" };
    public Option<string?> Retries { get; } = new("--retries") { Description = "Expected retries after the first try (default 3)" };
    public Option<string?> PerTryTimeout { get; } = new("--per-try-timeout") { Description = "Expected per-try timeout (default 10s)" };
    public Option<string?> RetriedStatusCodes { get; } = new("--retried-status-codes")
    {
        Description = "Status codes the matrix expects retried, comma separated 5xx codes (default 500,502,503,504; config Probes:RetriedStatusCodes)",
    };

    public Option<string?> RetryOn { get; } = new("--retry-on") { Description = "Expected retry_on (default 5xx,reset,connect-failure,refused-stream)" };
    public Option<string?> Tolerance { get; } = new("--tolerance") { Description = "Timing tolerance for the ≈ cases (default 500ms)" };
    public Option<string?> MaxRps { get; } = new("--max-rps") { Description = "Probe requests per second (default 20, at most 100)" };
    public Option<string?> Concurrency { get; } = new("--concurrency") { Description = "Cases in flight at once (default 32)" };
    public Option<string[]> DataplaneAdmin { get; } = new("--dataplane-admin")
    {
        Description = "Admin URL of a ztunnel or sidecar (GET /workloads, /metrics); repeatable (config Probes:DataplaneAdmin, comma separated). " +
                      "Without one the dataplane checks report error",
    };

    public Option<string[]> WaitReady { get; } = new("--wait-ready")
    {
        Description = "URL that must answer 2xx before the first probe (e.g. a process's /health), polled every 200ms; repeatable " +
                      "(config Probes:WaitReady, comma separated)",
    };

    public Option<string?> IstioVersion { get; } = new("--istio-version")
    {
        Description = $"Istio version whose behaviour to assume, {AmbientVerify.Manifests.Versions.IstioVersion.SupportedRange} (default {AmbientVerify.Manifests.Versions.IstioVersion.Default})",
    };

    public Option<string?> GatewayApiChannel { get; } = new("--gateway-api-channel")
    {
        Description = "Gateway API CRD channel of the cluster: standard | experimental (default: the manifests' HTTPRoute CRD, else experimental)",
    };

    public Option<string?> AssumeNamespaceLabels { get; } = new("--assume-namespace-labels")
    {
        Description = "Labels of namespaces the manifests use without a Namespace object, namespace:key=value comma separated " +
                      "(config Probes:AssumeNamespaceLabels; the AppHost sets them from --expect / --namespace-label); reported as assumed",
    };

    public Option<string?> Expectations { get; } = new("--expectations")
    {
        Description = "YAML file of per-route expectations: defaults, then overrides matched by route name, host or path prefix " +
                      "(config Probes:Expectations; default: the plan's values for every route)",
    };

    public Option<string?> ReadyTimeout { get; } = new("--ready-timeout") { Description = "How long to wait for the --wait-ready URLs before exit 2 (default 60s)" };

    public void AddTo(Command command)
    {
        foreach (var option in new[] { Gateway, Manifests, GatewayName, Expect, Target, IstioVersion, GatewayApiChannel, RequestTimeout, Retries, PerTryTimeout, RetriedStatusCodes, RetryOn, Tolerance, Expectations, MaxRps, Concurrency, AssumeNamespaceLabels, ReadyTimeout })
        {
            command.Add(option);
        }

        command.Add(DataplaneAdmin);
        command.Add(WaitReady);
        command.Add(InsecureSkipTlsVerify);
    }

    /// <summary>
    /// The options <c>audit</c> shares with the gate: what to expect of the routes, and how to read them (which Gateway,
    /// which Istio and Gateway API behaviour). Not the traffic's (gateway, rate, tolerance) nor the local target's.
    /// </summary>
    public void AddJudgementOptionsTo(Command command)
    {
        foreach (var option in new[] { GatewayName, Expect, IstioVersion, GatewayApiChannel, RequestTimeout, Retries, PerTryTimeout, RetriedStatusCodes, RetryOn, Expectations })
        {
            command.Add(option);
        }
    }

    /// <summary>
    /// The settings of <c>audit</c> (added with <see cref="AddJudgementOptionsTo"/>): the cluster target without a
    /// gateway, bound and checked by the same rules as the gate's, so both read an option the same way.
    /// </summary>
    public (RunSettings? Settings, IReadOnlyList<string> Errors) BindForAudit(ParseResult parsed, IConfiguration configuration) =>
        Bind(parsed, configuration, requireTarget: true, gatewayOptional: true, clusterOnly: true);

    /// <summary>The two targets <c>--target</c> takes.</summary>
    public const string LocalTarget = "local", ClusterTarget = "cluster";

    /// <summary><c>--target</c>, else Probes:Target, else local; null (with the error added) when it is neither.</summary>
    public string? TargetOf(ParseResult parsed, IConfiguration configuration, List<string> errors)
    {
        var target = (Read(parsed, Target, configuration, "Target") ?? LocalTarget).Trim().ToLowerInvariant();
        if (target is LocalTarget or ClusterTarget)
        {
            return target;
        }

        errors.Add($"--target '{target}' must be {LocalTarget} or {ClusterTarget}");
        return null;
    }

    /// <summary><c>--insecure-skip-tls-verify</c>, else Probes:InsecureSkipTlsVerify=true.</summary>
    public bool SkipsTlsVerify(ParseResult parsed, IConfiguration configuration) =>
        parsed.GetValue(InsecureSkipTlsVerify) || bool.TryParse(configuration[$"{ExpectationOptions.SectionName}:InsecureSkipTlsVerify"], out var skip) && skip;

    /// <summary>The command line value, else configuration "Probes:{key}", else null.</summary>
    public static string? Read(ParseResult parsed, Option<string?> option, IConfiguration configuration, string key) =>
        parsed.GetResult(option) is not null ? parsed.GetValue(option) : configuration[$"{ExpectationOptions.SectionName}:{key}"];

    /// <summary>The run settings, or every problem with the given options.</summary>
    public (RunSettings? Settings, IReadOnlyList<string> Errors) Bind(ParseResult parsed, IConfiguration configuration) =>
        Bind(parsed, configuration, requireTarget: true);

    /// <summary>
    /// As <see cref="Bind(ParseResult, IConfiguration)"/>, for <c>gate --target cluster --dry-run</c>, which sends no
    /// traffic: <c>--gateway</c> may be left out (the settings then carry <see cref="NotContacted"/>).
    /// </summary>
    public (RunSettings? Settings, IReadOnlyList<string> Errors) BindWithoutGateway(ParseResult parsed, IConfiguration configuration) =>
        Bind(parsed, configuration, requireTarget: true, gatewayOptional: true);

    /// <summary>The gateway of settings bound without one: a reserved name (RFC 6761 <c>.invalid</c>) nothing can reach.</summary>
    public static readonly Uri NotContacted = new("http://gateway-not-given.invalid/");

    /// <summary>
    /// Every problem with the settings apart from the target (<c>--gateway</c>, <c>--manifests</c>, which whoever
    /// starts the probes fills in), in the words <c>gate</c> and <c>serve</c> would refuse them with: what <c>check</c>
    /// reports, so the AppHost can refuse a bad <c>--Probes:KEY=VALUE</c> before it starts anything.
    /// </summary>
    public IReadOnlyList<string> SettingsProblems(ParseResult parsed, IConfiguration configuration) =>
        Bind(parsed, configuration, requireTarget: false).Errors;

    private (RunSettings? Settings, IReadOnlyList<string> Errors) Bind(ParseResult parsed, IConfiguration configuration, bool requireTarget, bool gatewayOptional = false, bool clusterOnly = false)
    {
        var errors = new List<string>();
        string? Value(Option<string?> option, string key) => Read(parsed, option, configuration, key);

        var gatewayText = Value(Gateway, "Gateway");
        Uri? gateway = null;
        if (string.IsNullOrWhiteSpace(gatewayText))
        {
            if (gatewayOptional)
            {
                gateway = NotContacted;
            }
            else if (requireTarget)
            {
                errors.Add("--gateway is required (or Probes__Gateway)");
            }
        }
        else if (!Uri.TryCreate(gatewayText, UriKind.Absolute, out gateway) || gateway.Scheme is not ("http" or "https"))
        {
            errors.Add($"--gateway '{gatewayText}' is not an http(s) URL");
        }

        var target = clusterOnly ? ClusterTarget : TargetOf(parsed, configuration, errors) ?? LocalTarget;
        var manifests = Value(Manifests, "Manifests");
        if (target == ClusterTarget)
        {
            if (!string.IsNullOrWhiteSpace(manifests))
            {
                errors.Add("--manifests is for --target local: with --target cluster the live objects are read from the API server");
            }

            manifests = "";
        }
        else if (string.IsNullOrWhiteSpace(manifests) && requireTarget)
        {
            errors.Add("--manifests is required (or Probes__Manifests)");
        }

        var expectText = Value(Expect, "Expect") ?? "ambient";
        if (!Enum.TryParse<MeshMode>(expectText, ignoreCase: true, out var expect) || !Enum.IsDefined(expect))
        {
            errors.Add($"--expect '{expectText}' must be ambient or sidecar");
        }

        IReadOnlyList<AmbientVerify.Manifests.Topology.NamespaceLabel> assumedLabels = [];
        try
        {
            assumedLabels = AmbientVerify.Manifests.Topology.NamespaceAssumptions.Parse(Value(AssumeNamespaceLabels, "AssumeNamespaceLabels"));
        }
        catch (FormatException e)
        {
            errors.Add($"--assume-namespace-labels: {e.Message}");
        }

        AmbientVerify.Manifests.Versions.IstioVersion? istio = null;
        if (Value(IstioVersion, "IstioVersion") is { } istioText)
        {
            try
            {
                istio = AmbientVerify.Manifests.Versions.IstioVersion.Parse(istioText);
            }
            catch (FormatException e)
            {
                errors.Add("--" + e.Message);
            }
        }

        AmbientVerify.Manifests.Versions.GatewayApiChannel? channel = null;
        if (Value(GatewayApiChannel, "GatewayApiChannel") is { } channelText)
        {
            try
            {
                channel = AmbientVerify.Manifests.Versions.GatewayApiChannels.Parse(channelText);
            }
            catch (FormatException e)
            {
                errors.Add("--" + e.Message);
            }
        }

        var expectations = new ExpectationOptions();
        expectations.RequestTimeout = Duration(Value(RequestTimeout, "RequestTimeout"), "--request-timeout", expectations.RequestTimeout, errors);
        expectations.PerTryTimeout = Duration(Value(PerTryTimeout, "PerTryTimeout"), "--per-try-timeout", expectations.PerTryTimeout, errors);
        expectations.Tolerance = Duration(Value(Tolerance, "Tolerance"), "--tolerance", expectations.Tolerance, errors);
        expectations.Retries = Integer(Value(Retries, "Retries"), "--retries", expectations.Retries, errors);
        expectations.RetryOn = Value(RetryOn, "RetryOn") ?? expectations.RetryOn;
        expectations.RetriedStatusCodes = StatusCodes(Value(RetriedStatusCodes, "RetriedStatusCodes"), "--retried-status-codes", expectations.RetriedStatusCodes, errors);

        var runner = new RunnerOptions();
        runner.Concurrency = Integer(Value(Concurrency, "Concurrency"), "--concurrency", runner.Concurrency, errors);
        var rps = Value(MaxRps, "MaxRps");
        if (rps is not null)
        {
            if (double.TryParse(rps, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedRps))
            {
                runner.MaxRequestsPerSecond = parsedRps;
            }
            else
            {
                errors.Add($"--max-rps '{rps}' is not a number");
            }
        }

        var dataplane = new DataplaneAdminOptions { Endpoints = Urls(parsed, DataplaneAdmin, "DataplaneAdmin", configuration, errors) };
        var readiness = new ReadinessOptions
        {
            Urls = Urls(parsed, WaitReady, "WaitReady", configuration, errors),
            Timeout = Duration(Value(ReadyTimeout, "ReadyTimeout"), "--ready-timeout", new ReadinessOptions().Timeout, errors),
        };

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        errors.AddRange(expectations.Validate());
        errors.AddRange(runner.Validate());

        // Read now, over the plan's values as the options give them: a bad file stops the run before it starts.
        // Whether each entry matches a route is known only once the manifests are resolved (ProbeRun).
        ExpectationsFile? expectationsFile = null;
        if (errors.Count == 0 && Value(Expectations, "Expectations") is { } expectationsPath)
        {
            try
            {
                expectationsFile = ExpectationsFileReader.Load(expectationsPath, expectations);
            }
            catch (ManifestException e)
            {
                errors.Add($"--expectations: {e.Message}");
            }
        }

        return errors.Count > 0 || !requireTarget
            ? (null, errors)
            : (new RunSettings(gateway!, manifests!, Value(GatewayName, "GatewayName"), expect, target, expectations, runner, dataplane, readiness)
            {
                IstioVersion = istio,
                GatewayApiChannel = channel,
                AssumedNamespaceLabels = assumedLabels,
                ExpectationsFile = expectationsFile,
            }, errors);
    }

    /// <summary>A repeatable URL option (--dataplane-admin, --wait-ready), else Probes:{key} split on commas; each an http(s) URL.</summary>
    private static List<Uri> Urls(ParseResult parsed, Option<string[]> option, string key, IConfiguration configuration, List<string> errors)
    {
        var texts = parsed.GetResult(option) is not null
            ? parsed.GetValue(option) ?? []
            : (configuration[$"{ExpectationOptions.SectionName}:{key}"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return HttpUrls.Parse(option.Name, texts, errors);
    }

    /// <summary>The <c>--interval</c> option, spelled once for <c>serve</c>, which uses it, and <c>check</c>, which checks it.</summary>
    internal static Option<string?> IntervalOption() => new("--interval") { Description = "serve's time between runs (default 5m)" };

    /// <summary><c>--interval</c> (serve's time between runs), else <c>Probes:Interval</c>, else the default; must be positive.</summary>
    internal static TimeSpan Interval(ParseResult parsed, Option<string?> interval, IConfiguration configuration, List<string> errors)
    {
        var value = Duration(Read(parsed, interval, configuration, "Interval"), "--interval", new Serving.ServeOptions().Interval, errors);
        if (value <= TimeSpan.Zero)
        {
            errors.Add("--interval must be positive");
        }

        return value;
    }

    internal static TimeSpan Duration(string? text, string name, TimeSpan fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (Durations.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{name} '{text}' is not a duration ({Durations.Expected})");
        return fallback;
    }

    /// <summary>"500,503" → [500, 503]; whether they are 5xx and distinct is ExpectationOptions' rule.</summary>
    private static IList<int> StatusCodes(string? text, string name, IList<int> fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        var codes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                errors.Add($"{name} '{text}': '{part}' is not a status code");
                return fallback;
            }

            codes.Add(code);
        }

        return codes;
    }

    private static int Integer(string? text, string name, int fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{name} '{text}' is not a whole number");
        return fallback;
    }
}
