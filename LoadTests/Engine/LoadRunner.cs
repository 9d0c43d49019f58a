using AmbientVerify.LoadTests.Limits;
using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Reporting;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// Runs a <see cref="LoadPlan"/> against one gateway URL, scenario after scenario, with one shared HTTP client, and
/// hands back the report. Cancelling stops sending at once; the report then covers what ran and says it was interrupted.
/// </summary>
public static class LoadRunner
{
    /// <exception cref="LoadPlanRefusedException">The plan breaks a limit; nothing was sent.</exception>
    public static async Task<LoadReport> RunAsync(LoadPlan plan, Uri gateway, LoadRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LoadRunOptions();
        LoadPlanValidator.ThrowIfRefused(plan, gateway, options.Limits);
        using var http = LoadHttp.CreateClient(plan.Concurrency, options.RequestTimeout);

        var results = new List<ScenarioStats>();
        var interrupted = false;
        var budget = options.Limits.MaxRequests;
        for (var i = 0; i < plan.Scenarios.Count && !interrupted; i++)
        {
            var stats = await RunScenarioAsync(plan, i, gateway, http, options, budget, cancellationToken).ConfigureAwait(false);
            results.Add(stats);
            budget -= stats.Requests;
            interrupted = stats.Interrupted;
        }

        var now = options.Time.GetUtcNow();
        return new LoadReport(LoadReport.CurrentSchemaVersion, plan.Mode, gateway.ToString(),
            results.Count > 0 ? results[0].StartedUtc : now, results.Count > 0 ? results[^1].EndedUtc : now,
            interrupted, plan, results);
    }

    private static async Task<ScenarioStats> RunScenarioAsync(LoadPlan plan, int index, Uri gateway, HttpClient http, LoadRunOptions options,
        long requestBudget, CancellationToken cancellationToken)
    {
        var scenario = plan.Scenarios[index];
        var time = options.Time;
        using var recorder = new ScenarioRecorder(scenario);
        var targets = scenario.Steps.Select(step => new StepTarget(step, gateway)).ToList();
        var startedWall = time.GetUtcNow();
        var start = time.GetTimestamp();
        var measuredFrom = start + Timestamps.From(scenario.WarmUp, time);
        var sender = new RequestSender(http, targets, recorder, time, measuredFrom);

        using var progress = StartProgress(plan, index, recorder, time, start, options);
        using var inFlight = new SemaphoreSlim(plan.Concurrency, plan.Concurrency);
        var lag = new SendLagTracker();
        bool interrupted;
        try
        {
            await (scenario.IsOpen
                ? OpenModelDriver.RunAsync(scenario, sender, time, start, inFlight, lag, cancellationToken)
                : ClosedModelDriver.RunAsync(scenario, sender, time, start, requestBudget, ClosedModelPacer(gateway, options), cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        interrupted = cancellationToken.IsCancellationRequested;
        // The measured window closes when sending stops, not when the last answer comes: at the plan's end, or later if
        // the sends fell behind (so the rate shows it), or at the interruption.
        var sendingStopped = time.GetElapsedTime(start);
        var windowEnd = interrupted
            ? (sendingStopped < scenario.Duration ? sendingStopped : scenario.Duration)
            : (sendingStopped > scenario.Duration ? sendingStopped : scenario.Duration);

        // Wait for the requests still in flight (each ends by its timeout at worst): their answers belong to the window.
        for (var permit = 0; permit < plan.Concurrency; permit++)
        {
            await inFlight.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var measuredStart = startedWall + scenario.WarmUp;
        var measuredEnd = startedWall + (windowEnd > scenario.WarmUp ? windowEnd : scenario.WarmUp);
        return ScenarioStatsBuilder.Build(recorder, measuredStart, measuredEnd, interrupted, scenario.IsOpen ? lag.ToStats() : null);
    }

    /// <summary>The closed model's rate cap: none on loopback, else the remote cap (or --max-rate), as for the open model.</summary>
    private static SendPacer? ClosedModelPacer(Uri gateway, LoadRunOptions options) =>
        LoadPlanValidator.IsLoopback(gateway) && options.Limits.RemoteRateRaisedTo is null
            ? null
            : new SendPacer(LoadPlanValidator.RateCap(gateway, options.Limits), options.Time);

    private static ITimer? StartProgress(LoadPlan plan, int index, ScenarioRecorder recorder, TimeProvider time, long start, LoadRunOptions options)
    {
        if (options.Progress is not { } report)
        {
            return null;
        }

        var scenario = plan.Scenarios[index];
        long lastCount = 0;
        var lastAt = start;
        return time.CreateTimer(_ =>
        {
            var now = time.GetTimestamp();
            var count = recorder.Ok + recorder.Fail;
            var seconds = time.GetElapsedTime(lastAt, now).TotalSeconds;
            var rate = seconds > 0 ? (count - lastCount) / seconds : 0;
            (lastCount, lastAt) = (count, now);
            var elapsed = time.GetElapsedTime(start, now);
            report(new LoadProgress(scenario.Name, index, plan.Scenarios.Count, elapsed < scenario.Duration ? elapsed : scenario.Duration,
                scenario.Duration, elapsed < scenario.WarmUp, rate, recorder.Ok, recorder.Fail, recorder.LastFailure));
        }, null, options.ProgressInterval, options.ProgressInterval);
    }
}
