using System.CommandLine;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Expectations;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// The options every cluster-target verb shares, spelled once: <c>--kubeconfig</c>, <c>--context</c>,
/// <c>--namespace</c> (configuration <c>Probes:Kubeconfig</c>, <c>Probes:Context</c>, <c>Probes:Namespace</c>).
/// </summary>
internal sealed class ClusterOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "kubeconfig file (default $KUBECONFIG, then ~/.kube/config; inside a pod: the service account). Exec plugins run as kubectl runs them",
    };

    public Option<string?> Context { get; } = new("--context") { Description = "kubeconfig context (default its current context)" };

    public Option<string?> Namespace { get; } = new("--namespace") { Description = $"The platform's namespace (default {ClusterTarget.DefaultNamespace})" };

    public void AddTo(Command command)
    {
        command.Add(Kubeconfig);
        command.Add(Context);
        command.Add(Namespace);
    }

    /// <summary>The target, or why not (a kubeconfig named that does not exist).</summary>
    public (ClusterTarget? Target, string? Error) Bind(ParseResult parsed, IConfiguration configuration)
    {
        string? Value(Option<string?> option, string key) =>
            parsed.GetResult(option) is not null ? parsed.GetValue(option) : configuration[$"{ExpectationOptions.SectionName}:{key}"];

        var kubeconfig = Value(Kubeconfig, "Kubeconfig");
        if (kubeconfig is not null && !File.Exists(kubeconfig))
        {
            return (null, $"--kubeconfig {kubeconfig}: no such file");
        }

        var ns = Value(Namespace, "Namespace") ?? ClusterTarget.DefaultNamespace;
        return (new ClusterTarget(kubeconfig, Value(Context, "Context"), ns), null);
    }

    /// <summary>
    /// Why a cluster could not be used, in words for the person at the console: a kubeconfig that does not exist or
    /// lacks the context, or an exec plugin that failed (then in the plugin's own words: KubernetesClient only says
    /// "failed deserialization").
    /// </summary>
    public static async Task<string> DescribeAsync(ClusterTarget target, ClusterAccessException e, CancellationToken ct)
    {
        var plugin = e.Message.Contains("external exec", StringComparison.Ordinal)
            ? await ExecPluginDiagnosis.DescribeAsync(target.Kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG"), target.Context, ct).ConfigureAwait(false)
            : null;
        return plugin is null ? e.Message.Split(Environment.NewLine)[0] : $"cannot use the kubeconfig {target.Kubeconfig ?? "(default)"}: {plugin}";
    }
}
