using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Tests.Reporting;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.Prometheus;

namespace AmbientVerify.Probes.Tests.Reporting;

/// <summary>Where a run's metrics go on a Pushgateway: the group's URL, its labels, and what a failed push says.</summary>
public class PushgatewayTests
{
    private static PushGroup Group(string target, string ns) => new(Pushgateway.GateJob, [new("target", target), new("namespace", ns)]);

    [Theory]
    [InlineData("http://pg:9091", "local", "ecommerce", "http://pg:9091/metrics/job/ambientverify-gate/target/local/namespace/ecommerce")]
    [InlineData("http://pg:9091/", "cluster", "team-a", "http://pg:9091/metrics/job/ambientverify-gate/target/cluster/namespace/team-a")]
    [InlineData("https://ci.example/pushgateway/", "local", "ecommerce", "https://ci.example/pushgateway/metrics/job/ambientverify-gate/target/local/namespace/ecommerce")]
    [InlineData("http://pg:9091", "local", "a/b", "http://pg:9091/metrics/job/ambientverify-gate/target/local/namespace@base64/YS9i")]
    [InlineData("http://pg:9091", "local", "", "http://pg:9091/metrics/job/ambientverify-gate/target/local/namespace@base64/=")]
    [InlineData("http://pg:9091", "local", "team a,team b", "http://pg:9091/metrics/job/ambientverify-gate/target/local/namespace/team%20a%2Cteam%20b")]
    public void Group_url_puts_job_target_and_namespace_in_the_path(string pushgateway, string target, string ns, string expected) =>
        Assert.Equal(expected, Pushgateway.GroupUrl(new Uri(pushgateway), Group(target, ns)).AbsoluteUri);

    [Fact]
    public void A_value_with_a_slash_is_base64url_without_padding()
    {
        // "ns/with?" in base64 is "bnMvd2l0aD8=": base64url swaps nothing here but drops the padding; "??>" shows the alphabet.
        var url = Pushgateway.GroupUrl(new Uri("http://pg:9091"), Group("local", "ns/with??>"));

        Assert.EndsWith("/namespace@base64/bnMvd2l0aD8_Pg", url.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_url_and_messages_leave_out_userinfo()
    {
        var pushgateway = new Uri("https://ci:s3cret-token@pg.example:9091/");

        var url = Pushgateway.GroupUrl(pushgateway, Group("local", "ecommerce"));

        Assert.DoesNotContain("s3cret", url.ToString());
        Assert.Equal("https://pg.example:9091/", Pushgateway.Display(pushgateway));
    }

    [Fact]
    public void A_local_run_is_grouped_by_the_namespace_its_results_name()
    {
        var group = Pushgateway.GroupOf(SampleReports.With(SampleReports.Passed, SampleReports.Captured), Pushgateway.GateJob);

        Assert.Equal(Group("local", "ecommerce"), group, GroupComparer);
    }

    [Fact]
    public void A_local_run_over_two_namespaces_names_both()
    {
        var other = SampleReports.Captured with { Subject = Subject.Namespace("team-b") };

        Assert.Equal("ecommerce,team-b", Pushgateway.GroupOf(SampleReports.With(SampleReports.Captured, other), Pushgateway.GateJob).Labels[1].Value);
    }

    [Fact]
    public void A_local_run_that_names_no_namespace_is_grouped_as_local() =>
        Assert.Equal("local", Pushgateway.GroupOf(SampleReports.With(SampleReports.Passed), Pushgateway.GateJob).Labels[1].Value);

    [Fact]
    public void A_cluster_run_is_grouped_by_its_target_namespace()
    {
        var report = SampleReports.With(SampleReports.Captured) with
        {
            Target = "cluster", ManifestsDirectory = new ClusterTarget("/tmp/kube config", "prod", "shop").ToString(),
        };

        Assert.Equal(Group("cluster", "shop"), Pushgateway.GroupOf(report, Pushgateway.GateJob), GroupComparer);
    }

    [Fact]
    public async Task Nothing_listening_is_a_reason_not_an_exception()
    {
        var problem = await Pushgateway.PushAsync(LoopbackPorts.ClosedUrl(), Group("local", "x"), "m 1\n", TestContext.Current.CancellationToken);

        Assert.StartsWith("cannot reach it", problem);
    }

    [Fact]
    public async Task A_push_the_real_pushgateway_refuses_gives_its_status_and_words()
    {
        await using var pushgateway = await RealPushgateway.StartAsync(TestContext.Current.CancellationToken);

        var problem = await Pushgateway.PushAsync(pushgateway.Address, Group("local", "x"), "not a metric line\n", TestContext.Current.CancellationToken);

        Assert.NotNull(problem);
        Assert.StartsWith("the Pushgateway answered 400 Bad Request", problem);
    }

    [Fact]
    public async Task A_push_replaces_the_group_on_the_real_pushgateway()
    {
        await using var pushgateway = await RealPushgateway.StartAsync(TestContext.Current.CancellationToken);
        var group = Group("local", "a/b");

        Assert.Null(await Pushgateway.PushAsync(pushgateway.Address, group, "# TYPE first gauge\nfirst 1\n", TestContext.Current.CancellationToken));
        Assert.Null(await Pushgateway.PushAsync(pushgateway.Address, group, "# TYPE second gauge\nsecond 2\n", TestContext.Current.CancellationToken));

        var metrics = await pushgateway.MetricsAsync(TestContext.Current.CancellationToken);
        Assert.Contains("second{instance=\"\",job=\"ambientverify-gate\",namespace=\"a/b\",target=\"local\"} 2", metrics);
        Assert.DoesNotContain("first{", metrics);
    }

    private static readonly IEqualityComparer<PushGroup> GroupComparer = EqualityComparer<PushGroup>.Create(
        (a, b) => a is not null && b is not null && a.ToString() == b.ToString(), g => g.ToString().GetHashCode(StringComparison.Ordinal));
}
