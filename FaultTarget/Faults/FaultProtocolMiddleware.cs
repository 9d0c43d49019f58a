using AmbientVerify.FaultTarget.Endpoints;
using AmbientVerify.FaultTarget.StandIns;
using AmbientVerify.FaultTarget.Telemetry;
using AmbientVerify.FaultTarget.Tracking;
using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget.Faults;

/// <summary>
/// Applies the fault protocol (DESIGN §4) to every request except tries reads and health/metrics: counts the try,
/// then delays, resets or fails it as its query asks; otherwise the ordinary endpoint answers. Every request
/// answers as the Service of the listener it arrived on. A request carrying <see cref="FaultHeaders.TriesRead"/>
/// is a tries read, whatever its method, path and query.
/// A malformed instruction is answered 400 and is NOT counted as a try: the count stays the number of tries
/// that carried a valid instruction, which is what the probes compare against.
/// </summary>
public sealed class FaultProtocolMiddleware(
    RequestDelegate next,
    TryTracker tracker,
    TimeProvider time,
    IOptions<FaultTargetOptions> options,
    StandInServices standIns,
    FaultTargetMetrics metrics)
{
    private readonly TimeSpan maxDelay = options.Value.MaxDelay;

    public async Task InvokeAsync(HttpContext context)
    {
        var standIn = standIns.For(context);
        var service = standIn.Name;
        context.Response.Headers[FaultHeaders.Service] = service;
        if (context.Request.Headers.TryGetValue(FaultHeaders.TriesRead, out var triesRead))
        {
            await AnswerTriesReadAsync(context, standIn, triesRead);
            return;
        }

        if (FaultPaths.IsExempt(context.Request.Path, context.Request.Query))
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
            ? tracker.RecordTry(uuid, attemptCount, standIn.QualifiedName)
            : new TrackedTry(1, time.GetUtcNow(), attemptCount, standIn.QualifiedName);
        context.Response.Headers[FaultHeaders.Try] = tracked.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var outcome = TryOutcomes.Error;
        try
        {
            outcome = await AnswerAsync(context, instruction, tracked.Number, service);
        }
        finally
        {
            tracked.Complete(outcome);
            metrics.RecordRequest(service, outcome);
        }
    }

    /// <summary>The tries document of the header's uuid; a missing, repeated or overlong uuid is a 400 naming the header.</summary>
    private async Task AnswerTriesReadAsync(HttpContext context, StandInService standIn, Microsoft.Extensions.Primitives.StringValues values)
    {
        // "a, b" on one header line is the same as two lines (RFC 9110 §5.3): both are two uuids.
        var uuids = values.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).ToList();
        if (uuids is not [{ Length: > 0 and <= FaultInstructionParser.MaxUuidLength } uuid])
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            var problem = uuids.Count > 1
                ? $"{FaultHeaders.TriesRead} carries {uuids.Count} uuids; give one."
                : $"{FaultHeaders.TriesRead} must carry a uuid of 1 to {FaultInstructionParser.MaxUuidLength} characters.";
            await context.Response.WriteAsJsonAsync(new FaultError(problem, standIn.Name), context.RequestAborted);
            return;
        }

        await context.Response.WriteAsJsonAsync(TriesEndpoint.Report(uuid, standIn, tracker.GetTries(uuid)), context.RequestAborted);
    }

    private async Task<string> AnswerAsync(HttpContext context, FaultInstruction instruction, int tryNumber, string service)
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
            await WriteFailureAsync(context, instruction, tryNumber, failure, service);
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

    private static async Task WriteFailureAsync(HttpContext context, FaultInstruction instruction, int tryNumber, int status, string service)
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
