using System.CommandLine;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Running;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>--target picks where the routes come from: the manifests (local) or the live cluster; anything else is refused.</summary>
public sealed class TargetOptionTests
{
    private static (RunSettings? Settings, IReadOnlyList<string> Errors) Bind(params string[] args)
    {
        var options = new ProbeOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return options.Bind(command.Parse(["--gateway", "http://127.0.0.1:1", .. args]), new ConfigurationBuilder().Build());
    }

    [Fact]
    public void Local_is_the_default_and_needs_the_manifests()
    {
        var (withManifests, _) = Bind("--manifests", "m");
        var (_, without) = Bind();

        Assert.Equal("local", withManifests!.Target);
        Assert.Equal(["--manifests is required (or Probes__Manifests)"], without);
    }

    [Fact]
    public void Cluster_reads_the_live_objects_and_refuses_manifests()
    {
        var (cluster, errors) = Bind("--target", "cluster");
        var (_, both) = Bind("--target", "cluster", "--manifests", "m");

        Assert.Empty(errors);
        Assert.Equal("cluster", cluster!.Target);
        Assert.Equal(["--manifests is for --target local: with --target cluster the live objects are read from the API server"], both);
    }

    [Fact]
    public void Another_target_is_refused_by_name()
    {
        var (settings, errors) = Bind("--target", "staging", "--manifests", "m");

        Assert.Null(settings);
        Assert.Equal(["--target 'staging' must be local or cluster"], errors);
    }

    [Fact]
    public async Task Serve_refuses_the_cluster_target_and_names_the_scheduled_gate()
    {
        var (exitCode, console) = await AuditConsole.RunAsync(() => ProbesCommandLine.Create()
            .Parse(["serve", "--target", "cluster", "--gateway", "http://127.0.0.1:1"])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, exitCode);
        Assert.Equal("serve: --target cluster is not served: schedule 'gate --target cluster' instead (deploy/cronjob.yaml) and scrape or push its metrics", console.Trim());
    }
}
