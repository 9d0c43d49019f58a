using AmbientVerify.TestSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmbientVerify.Probes.Tests.Running;

/// <summary>The span per case: named by the case's id (what traces are searched by), with its sentence as a tag.</summary>
public sealed class MatrixRunnerSpanTests : IDisposable
{
    private static readonly ExpectationOptions Tiny = Matrix.Tiny;

    private const string TestSourceName = "AmbientVerify.Probes.Tests.Spans";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public MatrixRunnerSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ProbeTelemetry.Name or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The span of <paramref name="caseId"/>, from a run of this test only (other tests probe in parallel).</summary>
    private async Task<Activity> SpanOfAsync(string caseId)
    {
        await using var gateway = await FakeGateway.StartAsync(_ => new GatewayAnswer(200, 1, TimeSpan.Zero));
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var runner = new MatrixRunner(http, TimeProvider.System, NullLogger<MatrixRunner>.Instance);
        using (var parent = TestSource.StartActivity("test"))
        {
            var route = Routes.Legacy();
            await runner.RunAsync(gateway.Address, [ProbeTargets.For(Routes.Routing(route), route)], [Matrix.Case(caseId, Tiny)], Tiny,
                new RunnerOptions { MaxRequestsPerSecond = 100 }, TestContext.Current.CancellationToken);
            Assert.NotNull(parent);
            return Assert.Single(_stopped, a => a.Source.Name == ProbeTelemetry.Name && a.ParentSpanId == parent.SpanId);
        }
    }

    [Fact]
    public async Task Span_is_named_probe_and_the_case_id()
    {
        var span = await SpanOfAsync("status-503-retried-until-success");

        Assert.Equal("probe status-503-retried-until-success", span.DisplayName);
    }

    [Fact]
    public async Task Span_carries_the_id_the_sentence_and_the_capability()
    {
        var span = await SpanOfAsync("status-503-retried-until-success");

        Assert.Equal(("status-503-retried-until-success", "503 is retried until success", "retry-on-status", "customer-service"),
            (span.GetTagItem("case"), span.GetTagItem("case.sentence"), span.GetTagItem("capability"), span.GetTagItem("route")));
    }

    [Fact]
    public async Task Span_of_a_case_that_needs_no_capability_has_no_capability_tag()
    {
        var span = await SpanOfAsync("route-answers");

        Assert.Null(span.GetTagItem("capability"));
    }
}
