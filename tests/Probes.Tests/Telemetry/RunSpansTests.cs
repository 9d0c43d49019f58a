using System.Collections.Concurrent;
using System.Diagnostics;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;
using AmbientVerify.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>
/// A whole local run (the ambient sample, honest gateway, fake ztunnel): one run span, and every result of the report
/// found in the trace by its stable case id, with its check, subject and verdict: a matrix case as an event on its
/// request's span, every other check's result as a span of its own.
/// </summary>
public sealed class RunSpansTests
{
    private static readonly Lazy<Task<(RunReport Report, Activity Run, IReadOnlyList<Activity> Spans)>> Shared = new(RunOnceAsync);

    /// <summary>One run for every test of the class (a run takes seconds), with the spans of its trace only (other tests probe in parallel).</summary>
    private static async Task<(RunReport Report, Activity Run, IReadOnlyList<Activity> Spans)> RunOnceAsync()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProbeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);
        await using var pod = FakePod.Refusing();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), pod);
        using var http = new HttpClient();
        var expectations = new ExpectationOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(1), PerTryTimeout = TimeSpan.FromMilliseconds(300), Tolerance = TimeSpan.FromMilliseconds(250),
        };
        var settings = new RunSettings(gateway.Address, Repository.Sample("ambient"), null, MeshMode.Ambient, "local", expectations,
            new RunnerOptions { MaxRequestsPerSecond = 100 }, new DataplaneAdminOptions { Endpoints = [ztunnel.Address] });

        // Outside any test's span: the run's span is a root, and its trace id picks this run's spans out of the process's.
        Activity.Current = null;
        var report = await new ProbeRun(http, TimeProvider.System, NullLoggerFactory.Instance).ExecuteAsync(settings, CancellationToken.None);
        var run = Assert.Single(stopped, a => a.DisplayName == SpanAttributes.RunSpan && (string?)a.GetTagItem(SpanAttributes.Gateway) == gateway.Address.ToString());
        return (report, run, [.. stopped.Where(a => a.TraceId == run.TraceId && a != run)]);
    }

    [Fact]
    public async Task Run_span_carries_the_target_mode_gateway_and_verdict_counts()
    {
        var (report, run, _) = await Shared.Value;

        Assert.Null(report.Problem);
        Assert.Equal(("local", "ambient", (object)report.Results.Count(r => r.Verdict == Verdict.Pass)),
            ((string?)run.GetTagItem(SpanAttributes.Target), (string?)run.GetTagItem(SpanAttributes.Mode), run.GetTagItem(SpanAttributes.ResultsPrefix + "pass")));
    }

    [Fact]
    public async Task Every_result_of_the_report_is_in_the_trace_by_its_check_case_id_subject_and_verdict()
    {
        var (report, _, spans) = await Shared.Value;

        var inTrace = spans.Where(s => s.DisplayName.StartsWith(SpanAttributes.ResultSpanPrefix + " ", StringComparison.Ordinal)).Select(s => s.TagObjects)
            .Concat(spans.SelectMany(s => s.Events).Where(e => e.Name == SpanAttributes.CaseEvent).Select(e => e.Tags))
            .Select(tags => tags.ToDictionary(t => t.Key, t => t.Value))
            .Select(t => $"{t[SpanAttributes.Check]} {t[SpanAttributes.Case]} {t[SpanAttributes.Subject]} {t[SpanAttributes.Verdict]}")
            .Order().ToList();
        var reported = report.Results.Select(r => $"{r.Check} {r.CaseId} {r.Subject} {r.Verdict.ToString().ToLowerInvariant()}").Order().ToList();

        Assert.Contains(report.Results, r => r.Check == BehaviourMatrix.CheckName);
        Assert.Contains(report.Results, r => r.Check != BehaviourMatrix.CheckName);
        Assert.Equal(reported, inTrace);
    }

    [Fact]
    public async Task Result_span_is_named_by_the_case_id_and_is_a_child_of_the_run_span()
    {
        var (report, run, spans) = await Shared.Value;
        var audit = report.Results.Where(r => r.Check != BehaviourMatrix.CheckName)
            .GroupBy(r => (r.CaseId, r.Subject)).First(g => g.Count() == 1).Single();

        var span = Assert.Single(spans, s => s.DisplayName == $"{SpanAttributes.ResultSpanPrefix} {audit.CaseId}" && (string?)s.GetTagItem(SpanAttributes.Subject) == audit.Subject.ToString());
        Assert.Equal((run.SpanId, audit.Message), (span.ParentSpanId, (string?)span.GetTagItem(SpanAttributes.Message)));
    }

    [Fact]
    public async Task Matrix_case_event_carries_the_expected_and_observed_values()
    {
        var (report, run, spans) = await Shared.Value;
        var matrix = report.Results.First(r => r.Check == BehaviourMatrix.CheckName && r.Observed is not null);

        var events = spans.Where(s => s.ParentSpanId == run.SpanId).SelectMany(s => s.Events)
            .Select(e => e.Tags.ToDictionary(t => t.Key, t => t.Value))
            .Where(t => (string?)t[SpanAttributes.Case] == matrix.CaseId && (string?)t[SpanAttributes.Subject] == matrix.Subject.ToString());
        var tags = Assert.Single(events);
        Assert.Equal((ValueText.Expected(matrix.Expected), ValueText.Observed(matrix.Observed)), (tags[SpanAttributes.Expected], tags[SpanAttributes.Observed]));
    }
}
