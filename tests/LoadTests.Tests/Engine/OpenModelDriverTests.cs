using System.Net;
using AmbientVerify.LoadTests.Engine;
using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LoadTests.Tests.Engine;

/// <summary>The open model's dispatcher on a <see cref="FakeTimeProvider"/>: sends go out at the intended times of the injected clock, nothing sleeps.</summary>
public sealed class OpenModelDriverTests
{
    /// <summary>Answers 200 at once and notes the fake time of each send.</summary>
    private sealed class StampingHandler(FakeTimeProvider time) : HttpMessageHandler
    {
        public List<TimeSpan> SentAt { get; } = [];
        private readonly DateTimeOffset _start = time.GetUtcNow();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (SentAt)
            {
                SentAt.Add(time.GetUtcNow() - _start);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
        }
    }

    [Fact]
    public async Task Sends_leave_at_their_intended_times_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var handler = new StampingHandler(time);
        using var http = new HttpClient(handler);
        var scenario = new LoadScenario("s", [Plans.Step()], [new Inject(10, S(1), S(1))], TimeSpan.Zero);
        using var recorder = new ScenarioRecorder(scenario);
        var start = time.GetTimestamp();
        var sender = new RequestSender(http, [new StepTarget(scenario.Steps[0], new Uri("http://127.0.0.1:1"))], recorder, time, start);
        using var inFlight = new SemaphoreSlim(10, 10);

        var run = OpenModelDriver.RunAsync(scenario, sender, time, start, inFlight, new SendLagTracker(), TestContext.Current.CancellationToken);
        for (var step = 0; step < 100 && !run.IsCompleted; step++)
        {
            time.Advance(Ms(10));
        }

        await run;
        Assert.Equal(Enumerable.Range(0, 10).Select(k => Ms(k * 100)), handler.SentAt);
        Assert.Equal(10, recorder.Ok);
    }
}
