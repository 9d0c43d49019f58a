using System.Collections.Concurrent;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Tests.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.TestSupport;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>The run's log events carry their stable event ids (what log queries key on), with the words they always had.</summary>
public sealed class ProbeLogTests
{
    private static readonly ExpectationOptions Tiny = Matrix.Tiny;

    [Fact]
    public void Every_event_has_an_id_of_its_own_within_its_range()
    {
        var ids = typeof(ProbeLog).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Id", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
        var events = typeof(ProbeLog).GetMethods()
            .Select(m => m.GetCustomAttributes(typeof(LoggerMessageAttribute), false).Cast<LoggerMessageAttribute>().SingleOrDefault())
            .OfType<LoggerMessageAttribute>().Select(a => a.EventId).ToList();

        Assert.Equal(ids.Count, ids.Values.Distinct().Count());
        Assert.Equal(ids.Values.Order(), events.Order());
        Assert.All(ids.Values, id => Assert.InRange(id, 1000, 1499));
    }

    [Fact]
    public async Task Run_that_cannot_reach_the_gateway_logs_started_unreachable_and_finished_with_the_counts()
    {
        var events = new EventCapture();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(events));
        using var http = new HttpClient();
        var settings = new RunSettings(LoopbackPorts.ClosedUrl(), Repository.Sample("ambient"), null, MeshMode.Ambient, "local", new ExpectationOptions(), new RunnerOptions());

        await new ProbeRun(http, TimeProvider.System, loggers).ExecuteAsync(settings, TestContext.Current.CancellationToken);

        Assert.Equal([ProbeLog.RunStartedId, ProbeLog.GatewayUnreachableId, ProbeLog.RunFinishedId], events.Ids);
        Assert.Equal(LogLevel.Error, events.Single(ProbeLog.GatewayUnreachableId).Level);
        Assert.StartsWith("Run finished: 0 pass, 0 fail, 0 gap, 0 error in ", events.Single(ProbeLog.RunFinishedId).Message);
    }

    [Theory]
    [InlineData(200, ProbeLog.CaseJudgedId, LogLevel.Information, "Pass")]
    [InlineData(500, ProbeLog.CaseFailedId, LogLevel.Warning, "Fail")]
    public async Task Case_verdict_is_logged_under_its_own_id_a_fail_as_a_warning(int status, int id, LogLevel level, string verdict)
    {
        var events = new EventCapture();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(events));
        await using var gateway = await FakeGateway.StartAsync(_ => new GatewayAnswer(status, 1, TimeSpan.Zero));
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var route = Routes.Legacy();

        await new MatrixRunner(http, TimeProvider.System, loggers.CreateLogger<MatrixRunner>()).RunAsync(gateway.Address,
            [ProbeTargets.For(Routes.Routing(route), route)], [Matrix.Case("route-answers", Tiny)], Tiny,
            new RunnerOptions { MaxRequestsPerSecond = 100 }, TestContext.Current.CancellationToken);

        Assert.Equal([ProbeLog.MatrixStartedId, id], events.Ids);
        var logged = events.Single(id);
        Assert.Equal((level, $"[1/1] {route.Name}: route answers through the gateway -> {verdict}"), (logged.Level, logged.Message));
    }

    [Fact]
    public async Task Written_reports_are_logged_with_the_folder_and_every_file_name()
    {
        var events = new EventCapture();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(events));
        var folder = Path.Combine(Path.GetTempPath(), "probes-log-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = await ReportFiles.WriteAsync(SampleReports.With(SampleReports.Failed), folder, strict: false, loggers.CreateLogger("reports"), TestContext.Current.CancellationToken);

            Assert.True(written);
            Assert.Equal([ProbeLog.ReportsWrittenId], events.Ids);
            var logged = events.Single(ProbeLog.ReportsWrittenId);
            Assert.Equal((LogLevel.Information, $"Reports written to {folder}: report.json, report.md, report.html, summary.txt, metrics.prom, junit.xml"),
                (logged.Level, logged.Message));
            Assert.All(ReportFiles.Names, name => Assert.True(File.Exists(Path.Combine(folder, name)), name));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Reports_that_cannot_be_written_are_logged_as_an_error_naming_the_folder_and_no_success_is_logged()
    {
        var events = new EventCapture();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(events));
        // A file where the folder should be: Directory.CreateDirectory throws an IOException.
        var blocker = Path.GetTempFileName();
        var folder = Path.Combine(blocker, "reports");
        try
        {
            var written = await ReportFiles.WriteAsync(SampleReports.With(SampleReports.Failed), folder, strict: false, loggers.CreateLogger("reports"), TestContext.Current.CancellationToken);

            Assert.False(written);
            Assert.Equal([ProbeLog.ReportWriteFailedId], events.Ids);
            var logged = events.Single(ProbeLog.ReportWriteFailedId);
            Assert.Equal(LogLevel.Error, logged.Level);
            Assert.StartsWith($"The reports could not be written to {folder}: ", logged.Message);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    /// <summary>Every event logged, with its id, level and formatted message.</summary>
    private sealed class EventCapture : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<(int Id, LogLevel Level, string Message)> _events = new();

        public IReadOnlyList<int> Ids => [.. _events.Select(e => e.Id)];

        public (int Id, LogLevel Level, string Message) Single(int id) => Assert.Single(_events, e => e.Id == id);

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _events.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
