using System.Net;
using AmbientVerify.Probes.Running;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.Probes.Tests.Running;

public class ReadinessWaitTests
{
    private static readonly Uri Gateway = new("http://127.0.0.1:8080/health");
    private static readonly Uri Sidecar = new("http://127.0.0.1:8081/health");

    /// <summary>Answers each URL from a script of its own: the n-th question about it gets the n-th answer (the last one repeats).</summary>
    private sealed class ScriptedHandler(Dictionary<Uri, HttpStatusCode?[]> answers) : HttpMessageHandler
    {
        public Dictionary<Uri, int> Asked { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!;
            lock (Asked)
            {
                var n = Asked[url] = Asked.GetValueOrDefault(url) + 1;
                var script = answers[url];
                return script[Math.Min(n, script.Length) - 1] is { } status
                    ? Task.FromResult(new HttpResponseMessage(status))
                    : Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused"));
            }
        }
    }

    /// <summary>Runs the wait on fake time, advancing it one poll interval at a time until the wait ends.</summary>
    private static async Task<(string? Problem, TimeSpan Waited)> WaitAsync(ScriptedHandler handler, ReadinessOptions options)
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        using var http = new HttpClient(handler);
        var wait = new ReadinessWait(http, time).WaitAsync(options, TestContext.Current.CancellationToken);
        while (!wait.IsCompleted)
        {
            await Task.Yield();
            time.Advance(options.PollInterval);
        }

        return (await wait, time.GetUtcNow() - start);
    }

    [Fact]
    public async Task Urls_that_answer_at_once_let_the_run_start_at_once()
    {
        var handler = new ScriptedHandler(new() { [Gateway] = [HttpStatusCode.OK], [Sidecar] = [HttpStatusCode.OK] });

        var (problem, _) = await WaitAsync(handler, new ReadinessOptions { Urls = [Gateway, Sidecar] });

        Assert.Null(problem);
        Assert.Equal(1, handler.Asked[Gateway]);
        Assert.Equal(1, handler.Asked[Sidecar]);
    }

    [Fact]
    public async Task A_process_still_starting_is_asked_again_until_it_answers_and_a_ready_one_is_not_asked_again()
    {
        var handler = new ScriptedHandler(new()
        {
            [Gateway] = [HttpStatusCode.OK],
            [Sidecar] = [null, null, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK],
        });

        var (problem, _) = await WaitAsync(handler, new ReadinessOptions { Urls = [Gateway, Sidecar] });

        Assert.Null(problem);
        Assert.Equal(1, handler.Asked[Gateway]);
        Assert.Equal(4, handler.Asked[Sidecar]);
    }

    [Fact]
    public async Task A_process_that_never_answers_stops_the_run_after_the_timeout_naming_it_and_why()
    {
        var handler = new ScriptedHandler(new() { [Gateway] = [HttpStatusCode.OK], [Sidecar] = [null] });

        var (problem, waited) = await WaitAsync(handler, new ReadinessOptions { Urls = [Gateway, Sidecar], Timeout = TimeSpan.FromSeconds(5) });

        Assert.Equal($"not ready after 5s: {Sidecar} (Connection refused)", problem);
        Assert.InRange(waited, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
    }

    /// <summary>Accepts every question and never answers it (a process that listens but hangs).</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task A_process_that_accepts_but_never_answers_is_reported_as_such()
    {
        var options = new ReadinessOptions { Urls = [Gateway], Timeout = TimeSpan.FromSeconds(5), AttemptTimeout = TimeSpan.FromSeconds(2) };
        var time = new FakeTimeProvider();
        using var http = new HttpClient(new HangingHandler());

        var wait = new ReadinessWait(http, time).WaitAsync(options, TestContext.Current.CancellationToken);
        while (!wait.IsCompleted)
        {
            await Task.Yield();
            time.Advance(options.PollInterval);
        }

        Assert.Equal($"not ready after 5s: {Gateway} (no answer within 2s)", await wait);
    }

    [Fact]
    public async Task A_non_2xx_answer_is_not_ready_and_is_reported_with_its_status()
    {
        var handler = new ScriptedHandler(new() { [Gateway] = [HttpStatusCode.ServiceUnavailable] });

        var (problem, _) = await WaitAsync(handler, new ReadinessOptions { Urls = [Gateway], Timeout = TimeSpan.FromSeconds(1) });

        Assert.Equal($"not ready after 1s: {Gateway} (answered 503)", problem);
    }
}
