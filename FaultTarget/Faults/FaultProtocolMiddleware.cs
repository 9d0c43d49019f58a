using AmbientVerify.FaultTarget.Telemetry;
using AmbientVerify.FaultTarget.Tracking;
using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget.Faults;

/// <summary>
/// Applies the fault protocol (DESIGN §4) to every request except tries reads and health/metrics: counts the try,
/// then delays, resets or fails it as its query asks; otherwise the ordinary endpoint answers.
/// A malformed instruction is answered 400 and is NOT counted as a try: the count stays the number of tries
/// that carried a valid instruction, which is what the probes compare against.
/// </summary>
public sealed class FaultProtocolMiddleware(
    RequestDelegate next,
    TryTracker tracker,
    TimeProvider time,
    IOptions<FaultTargetOptions> options,
    FaultTargetMetrics metrics)
{
    private readonly string service = options.Value.ServiceName;
    private readonly TimeSpan maxDelay = options.Value.MaxDelay;

    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers[FaultHeaders.Service] = service;
        if (FaultPaths.IsExempt(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (!FaultInstructionParser.TryParse(context.Request.Query, out var instruction, out var error))
        {
            metrics.RecordRequest(service, FaultTargetMetrics.Rejected);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new FaultError(error, service), context.RequestAborted);
            return;
        }

        var attemptCount = context.Request.Headers[FaultHeaders.EnvoyAttemptCount].ToString() is { Length: > 0 } header ? header : null;
        // A request without uuid is not tracked: it is the first and only try of its own.
        var tracked = instruction.Uuid is { } uuid
            ? tracker.RecordTry(uuid, attemptCount)
            : new TrackedTry(1, time.GetUtcNow(), attemptCount);
        context.Response.Headers[FaultHeaders.Try] = tracked.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var outcome = TryOutcomes.Error;
        try
        {
            outcome = await AnswerAsync(context, instruction, tracked.Number);
        }
        finally
        {
            tracked.Complete(outcome);
            metrics.RecordRequest(service, outcome);
        }
    }

    private async Task<string> AnswerAsync(HttpContext context, FaultInstruction instruction, int tryNumber)
    {
        if (instruction.ShouldDelay(tryNumber) && !await DelayAsync(context, instruction.Delay!.Value))
        {
            return TryOutcomes.Cancelled;
        }
        if (instruction.ShouldReset(tryNumber))
        {
            context.Abort();
            return TryOutcomes.Reset;
        }
        if (instruction.FailureStatusFor(tryNumber) is { } failure)
        {
            await WriteFailureAsync(context, instruction, tryNumber, failure);
            return TryOutcomes.Answered(failure);
        }
        await next(context);
        return TryOutcomes.Answered(context.Response.StatusCode);
    }

    /// <returns>False when the client went away while waiting.</returns>
    private async Task<bool> DelayAsync(HttpContext context, TimeSpan requested)
    {
        var delay = requested;
        if (requested > maxDelay)
        {
            delay = maxDelay;
            context.Response.Headers[FaultHeaders.DelayCapped] = DurationParser.Format(maxDelay);
        }
        try
        {
            await Task.Delay(delay, time, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WriteFailureAsync(HttpContext context, FaultInstruction instruction, int tryNumber, int status)
    {
        context.Response.StatusCode = status;
        // These statuses must not carry a body.
        if (status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return;
        }
        await context.Response.WriteAsJsonAsync(
            new InjectedFailure(service, instruction.Uuid, tryNumber, status), context.RequestAborted);
    }

    private sealed record FaultError(string Error, string Service);

    private sealed record InjectedFailure(string Service, string? Uuid, int Try, int ResponseCode);
}
