using AmbientVerify.FaultTarget.Faults;
using AmbientVerify.FaultTarget.StandIns;
using AmbientVerify.FaultTarget.Tracking;

namespace AmbientVerify.FaultTarget.Endpoints;

/// <summary>
/// The tries document of a uuid: what the backend saw, so probes never infer tries from the client side. Read with
/// <c>GET {any-prefix}/__faults/tries/{uuid}</c>, or with any request carrying <c>x-ambientverify-tries: {uuid}</c>
/// (see <see cref="FaultHeaders.TriesRead"/>). An unknown uuid is 200 with count 0. Reads are not tries.
/// </summary>
public static class TriesEndpoint
{
    public static WebApplication MapTriesEndpoint(this WebApplication app)
    {
        app.MapGet(FaultPaths.TriesRoutePattern, (HttpContext context, TryTracker tracker, StandInServices standIns) =>
        {
            FaultPaths.TryGetTriesUuid(context.Request.Path, out var uuid);
            return Results.Ok(Report(uuid, standIns.For(context), tracker.GetTries(uuid)));
        });
        return app;
    }

    /// <param name="answering">The Service whose listener answers the read.</param>
    public static TriesReport Report(string uuid, StandInService answering, TriesSnapshot snapshot)
    {
        var firstAt = snapshot.Tries.Count > 0 ? snapshot.Tries[0].ReceivedAt : default;
        var tries = snapshot.Tries
            .Select(t => new TryView(t.Number, t.ReceivedAt, Math.Round((t.ReceivedAt - firstAt).TotalSeconds, 3), t.AttemptCount, t.Outcome, t.Service))
            .ToList();
        return new TriesReport(uuid, answering.Name, snapshot.Count, snapshot.ByService, tries);
    }

    /// <param name="Service">The Service that answered this read (its name).</param>
    /// <param name="Count">Every try of the uuid, over all Services.</param>
    /// <param name="Services">Tries per Service that served them (<c>namespace/name</c>); adds up to <paramref name="Count"/>.</param>
    public sealed record TriesReport(string Uuid, string Service, int Count, IReadOnlyDictionary<string, int> Services, IReadOnlyList<TryView> Tries);

    /// <param name="Service">The Service that served this try, <c>namespace/name</c>.</param>
    public sealed record TryView(int Try, DateTimeOffset ReceivedAt, double OffsetSeconds, string? AttemptCount, string Outcome, string Service);
}
