using AmbientVerify.FaultTarget.Faults;
using AmbientVerify.FaultTarget.Tracking;
using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget.Endpoints;

/// <summary><c>GET {any-prefix}/__faults/tries/{uuid}</c>: what the backend saw, so probes never infer tries from
/// the client side. An unknown uuid is 200 with count 0. Reads are not tries.</summary>
public static class TriesEndpoint
{
    public static WebApplication MapTriesEndpoint(this WebApplication app)
    {
        app.MapGet(FaultPaths.TriesRoutePattern, GetTries);
        return app;
    }

    private static IResult GetTries(HttpContext context, TryTracker tracker, IOptions<FaultTargetOptions> options)
    {
        FaultPaths.TryGetTriesUuid(context.Request.Path, out var uuid);
        var snapshot = tracker.GetTries(uuid);
        var firstAt = snapshot.Tries.Count > 0 ? snapshot.Tries[0].ReceivedAt : default;
        var tries = snapshot.Tries
            .Select(t => new TryView(t.Number, t.ReceivedAt, Math.Round((t.ReceivedAt - firstAt).TotalSeconds, 3), t.AttemptCount, t.Outcome))
            .ToList();
        return Results.Ok(new TriesReport(uuid, options.Value.ServiceName, snapshot.Count, tries));
    }

    public sealed record TriesReport(string Uuid, string Service, int Count, IReadOnlyList<TryView> Tries);

    public sealed record TryView(int Try, DateTimeOffset ReceivedAt, double OffsetSeconds, string? AttemptCount, string Outcome);
}
