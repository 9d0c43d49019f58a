using AmbientVerify.TestSupport;
using AmbientVerify.LoadTests.Engine;
using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Tests.TestSupport;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LoadTests.Tests.Engine;

public sealed class LoadRunnerTests
{
    [Fact]
    public async Task Statuses_are_counted_ok_for_2xx_and_3xx_and_fail_otherwise_and_redirects_are_not_followed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var plan = Plans.Open(100, S(1), 100, Plans.Step("/", 2, "root"), Plans.Step("/status/503", 1, "unavailable"), Plans.Step("/redirect", 1, "redirect"));

        var report = await LoadRunner.RunAsync(plan, server.Url, cancellationToken: TestContext.Current.CancellationToken);

        var stats = Assert.Single(report.Scenarios);
        Assert.Equal([("200", 50L), ("302", 25L), ("503", 25L)], stats.StatusCodes.Select(s => (s.Status, s.Count)));
        Assert.Equal(75, stats.Ok);
        Assert.Equal(25, stats.Fail);
        Assert.Equal(100, server.Requests);
        Assert.Equal(2 * 50, stats.Steps[0].BytesReceived);
        Assert.All(server.Hosts, host => Assert.Equal("shop.example.com", host));
    }

    [Fact]
    public async Task A_gateway_that_refuses_connections_gives_fail_error_connection_refused()
    {
        var port = LoopbackPorts.Free();
        var report = await LoadRunner.RunAsync(Plans.Open(20, S(1)), new Uri($"http://127.0.0.1:{port}"), cancellationToken: TestContext.Current.CancellationToken);

        var stats = Assert.Single(report.Scenarios);
        Assert.Equal(20, stats.Fail);
        Assert.Equal("error:connection-refused", Assert.Single(stats.StatusCodes).Status);
    }

    [Fact]
    public async Task Warm_up_requests_are_sent_but_left_out_of_the_statistics()
    {
        await using var server = await LoopbackServer.StartAsync();
        var plan = new LoadPlan([new LoadScenario("s", [Plans.Step()], [new Inject(100, S(1), Ms(1500))], Ms(500))], "ambient", 10);

        var report = await LoadRunner.RunAsync(plan, server.Url, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(150, server.Requests);
        var stats = Assert.Single(report.Scenarios);
        Assert.Equal(100, stats.Requests);
        // The window ends when the last send left, which a busy machine delays; with the warm-up counted it would be 1.5 s.
        Assert.InRange(stats.MeasuredSeconds, 0.95, 1.45);
    }

    [Fact]
    public async Task Cancelling_stops_the_run_and_marks_the_partial_report_interrupted()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // Cancelled once the server has seen 50 requests (half a second at 100/s), not after a fixed time: a busy
        // machine may take longer than that to send the first one.
        var watcher = Task.Run(async () =>
        {
            while (server.Requests < 50)
            {
                await Task.Delay(10, cancel.Token);
            }

            await cancel.CancelAsync();
        }, TestContext.Current.CancellationToken);

        var report = await LoadRunner.RunAsync(Plans.Open(100, S(10)), server.Url, cancellationToken: cancel.Token);

        Assert.True(report.Interrupted);
        var stats = Assert.Single(report.Scenarios);
        Assert.True(stats.Interrupted);
        // A partial run: some requests counted, far fewer than the 1000 planned (a busy machine may still have many in flight).
        Assert.InRange(stats.Requests, 1, 200);
        Assert.InRange(stats.MeasuredSeconds, 0.4, 3);
        await watcher.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Progress_reports_the_running_scenario()
    {
        await using var server = await LoopbackServer.StartAsync();
        var seen = new System.Collections.Concurrent.ConcurrentBag<LoadProgress>();

        await LoadRunner.RunAsync(Plans.Open(50, Ms(1200)), server.Url,
            new LoadRunOptions { Progress = seen.Add, ProgressInterval = Ms(300) }, TestContext.Current.CancellationToken);

        Assert.NotEmpty(seen);
        Assert.All(seen, p => Assert.Equal("s", p.Scenario));
        Assert.Contains(seen, p => p.Ok > 0);
    }

    [Fact]
    public async Task The_closed_model_is_held_to_the_rate_cap_when_one_applies()
    {
        await using var server = await LoopbackServer.StartAsync();
        var options = new LoadRunOptions { Limits = AmbientVerify.LoadTests.Limits.LoadLimits.Default with { RemoteRateRaisedTo = 200 } };

        var report = await LoadRunner.RunAsync(Plans.Closed(8, S(1)), server.Url, options, TestContext.Current.CancellationToken);

        // The cap is the upper bound; below it, a busy machine (the end-to-end suites beside this one) sends fewer.
        Assert.InRange(Assert.Single(report.Scenarios).Requests, 150, 201);
    }
}
