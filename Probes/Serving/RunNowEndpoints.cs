using AmbientVerify.Probes.Telemetry;

namespace AmbientVerify.Probes.Serving;

/// <summary>
/// POST /run: start a run of the matrix now instead of at the next interval (the dashboard's "Run the matrix now").
/// 202 when a run starts, 409 when one is going; the plain-text body says which, for the command's result message.
/// </summary>
public static class RunNowEndpoints
{
    public const string Path = "/run";

    public static IEndpointRouteBuilder MapRunNowEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, (RunNowTrigger trigger, ILoggerFactory loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(RunNowEndpoints));
            var answer = trigger.Request();
            if (answer.RunningSince is { } since)
            {
                ProbeLog.RunNowRefused(logger, since);
                return Results.Text(Refused(since), "text/plain; charset=utf-8", statusCode: StatusCodes.Status409Conflict);
            }

            ProbeLog.RunNowStarted(logger);
            return Results.Text("a run of the matrix starts now; its verdict shows when it ends", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status202Accepted);
        });
        return app;
    }

    public static string Refused(DateTimeOffset since) =>
        $"a run is already going (started {since.UtcDateTime:HH:mm:ss} UTC): its verdict shows when it ends; no second run was started";
}
