using System.CommandLine;
using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.Probes.Running;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// The options only <c>gate --target cluster</c> takes: where the cluster is (<see cref="ClusterOptions"/>) and how the
/// twin routes are made (<c>--faulttarget-image</c>, <c>--run-id</c>, <c>--twin-expiry</c>, <c>--converge-timeout</c>,
/// <c>--dry-run</c>). Each may come from configuration too (<c>Probes:FaultTargetImage</c>, ...). Given with
/// <c>--target local</c> they are refused, as the local-only options are with <c>--target cluster</c>: an option that
/// would be silently ignored is a verdict on the wrong thing.
/// </summary>
internal sealed class ClusterGateOptions
{
    public ClusterOptions Cluster { get; } = new();

    public Option<string?> FaultTargetImage { get; } = new("--faulttarget-image")
    {
        Description = "FaultTarget image the cluster can pull, deployed for the twin routes (default ambientverify/faulttarget:latest; see FaultTarget/README.md)",
    };

    public Option<string?> RunId { get; } = new("--run-id")
    {
        Description = $"This run's id in the names and labels of what it creates, 1 to {TwinRun.MaxIdLength} lowercase letters and digits (default random; e.g. the pipeline's id)",
    };

    public Option<string?> TwinExpiry { get; } = new("--twin-expiry")
    {
        Description = "How long this run's objects may live; a later run deletes those of a killed run after it (default 30m)",
    };

    public Option<string?> ConvergeTimeout { get; } = new("--converge-timeout")
    {
        Description = "How long to wait until the gateway serves each twin route before its cases say error (default 60s)",
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Print the objects the cluster gate would create (secret redacted) and exit: reads only, no traffic, no writes",
    };

    /// <summary>The local target's options that mean nothing against a cluster (its ztunnel is read through the API server).</summary>
    private static readonly string[] LocalOnly = ["--dataplane-admin", "--wait-ready", "--ready-timeout", "--assume-namespace-labels"];

    public void AddTo(Command command)
    {
        Cluster.AddTo(command);
        command.Add(FaultTargetImage);
        command.Add(RunId);
        command.Add(TwinExpiry);
        command.Add(ConvergeTimeout);
        command.Add(DryRun);
    }

    /// <summary>Whether <c>--dry-run</c> (or <c>Probes:DryRun=true</c>) was asked for.</summary>
    public bool IsDryRun(ParseResult parsed, IConfiguration configuration) =>
        parsed.GetValue(DryRun) || bool.TryParse(configuration["Probes:DryRun"], out var dry) && dry;

    /// <summary>The cluster options given on the command line of a local gate, each refused by name.</summary>
    public IReadOnlyList<string> RefusedForLocal(ParseResult parsed) =>
        [.. ClusterOnly().Where(o => parsed.GetResult(o) is { Implicit: false }).Select(o => $"{o.Name} is for --target cluster")];

    /// <summary>The local options given on the command line of a cluster gate, each refused by name.</summary>
    public static IReadOnlyList<string> RefusedForCluster(ParseResult parsed, Command command) =>
        [.. command.Options.Where(o => LocalOnly.Contains(o.Name) && parsed.GetResult(o) is { Implicit: false })
            .Select(o => $"{o.Name} is for --target local: the cluster's ztunnel and pods are read through the API server")];

    /// <summary>The cluster gate's settings over the gate's bound <paramref name="run"/>, or every problem with them.</summary>
    public (ClusterGateSettings? Settings, IReadOnlyList<string> Errors) Bind(ParseResult parsed, IConfiguration configuration, RunSettings run)
    {
        var errors = new List<string>();
        string? Value(Option<string?> option, string key) => ProbeOptions.Read(parsed, option, configuration, key);

        var (target, targetError) = Cluster.Bind(parsed, configuration);
        if (targetError is not null)
        {
            errors.Add(targetError);
        }

        var defaults = new TwinOptions { Namespace = target?.Namespace ?? "" };
        var expiry = ProbeOptions.Duration(Value(TwinExpiry, "TwinExpiry"), "--twin-expiry", defaults.MaxRunTime, errors);
        var converge = ProbeOptions.Duration(Value(ConvergeTimeout, "ConvergeTimeout"), "--converge-timeout", defaults.ConvergenceDeadline, errors);
        var twins = defaults with
        {
            Image = Value(FaultTargetImage, "FaultTargetImage") ?? defaults.Image,
            RunId = Value(RunId, "RunId"),
            MaxRunTime = expiry,
            ConvergenceDeadline = converge,
            // One request per twin every poll for the whole deadline, never more (the rate bound stays the poll's).
            ConvergenceMaxRequests = (int)Math.Clamp(Math.Ceiling(converge / defaults.ConvergencePoll), 1, 10_000),
        };

        if (errors.Count == 0)
        {
            errors.AddRange(twins.Problems().Select(ToOptionWords));
        }

        if (errors.Count > 0 || target is null)
        {
            return (null, errors);
        }

        return (new ClusterGateSettings(ClusterAuditSettings.From(target, run), run.Gateway, twins, run.Runner, IsDryRun(parsed, configuration)), errors);
    }

    private Option[] ClusterOnly() => [Cluster.Kubeconfig, Cluster.Context, Cluster.Namespace, FaultTargetImage, RunId, TwinExpiry, ConvergeTimeout, DryRun];

    /// <summary>TwinOptions speaks of its fields; the person at the command line knows the options.</summary>
    private static string ToOptionWords(string problem) => problem
        .Replace("twin max run time", "--twin-expiry", StringComparison.Ordinal)
        .Replace("twin convergence deadline", "--converge-timeout", StringComparison.Ordinal)
        .Replace("twin FaultTarget image is empty", "--faulttarget-image is empty", StringComparison.Ordinal);
}
