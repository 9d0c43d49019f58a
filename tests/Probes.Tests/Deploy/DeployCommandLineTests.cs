namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>The Probes command lines in deploy/ name only verbs and options the Probes command line has (or, marked, will have at merge).</summary>
public sealed class DeployCommandLineTests
{
    [Fact]
    public void The_job_the_cron_job_and_the_pipeline_each_run_the_cluster_gate()
    {
        var invocations = ProbesInvocations.All();

        Assert.Equal(3, invocations.Count);
        Assert.All(invocations, i =>
        {
            Assert.Equal("gate", i.Verb);
            Assert.Equal("cluster", i.ValueOf("--target"));
            Assert.NotNull(i.ValueOf("--gateway"));
            Assert.NotNull(i.ValueOf("--output"));
        });
    }

    [Fact]
    public void Every_option_in_deploy_is_one_the_command_line_has_or_is_pending_at_merge()
    {
        var commandLine = ProbesInvocations.CommandLine();

        Assert.Empty(ProbesInvocations.All().SelectMany(i => ProbesInvocations.Problems(i, commandLine)));
    }

    [Theory]
    [InlineData(new[] { "gate", "--target", "cluster", "--no-such-option", "x" }, "test: Probes gate has no option --no-such-option")]
    [InlineData(new[] { "gate", "--outptu", "/reports" }, "test: Probes gate has no option --outptu")]
    [InlineData(new[] { "frobnicate", "--output", "x" }, "test: Probes has no verb 'frobnicate' (verbs: audit, check, compare, gate, serve, snapshot)")]
    [InlineData(new[] { "audit", "--gateway", "http://x" }, "test: Probes audit has no option --gateway")]
    public void An_option_the_command_line_does_not_have_is_named(string[] arguments, string expected)
    {
        var problems = ProbesInvocations.Problems(new ProbesInvocation("test", arguments), ProbesInvocations.CommandLine());

        Assert.Equal(expected, Assert.Single(problems));
    }

    [Fact]
    public void Shell_words_are_split_as_the_runner_splits_them()
    {
        Assert.Equal(["dotnet", "run", "--", "gate", "--kubeconfig", "$RUNNER_TEMP/kubeconfig", "--context", "a b"],
            ProbesInvocations.Tokens("dotnet run -- gate --kubeconfig \"$RUNNER_TEMP/kubeconfig\"\n --context 'a b'"));
    }
}
