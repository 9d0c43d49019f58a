using AmbientVerify.FaultTarget.Faults;
using AmbientVerify.FaultTarget.StandIns;

namespace AmbientVerify.FaultTarget.Endpoints;

/// <summary>Any path and method the service does not know: 200 with what was received.</summary>
public static class EchoEndpoint
{
    public static WebApplication MapEchoFallback(this WebApplication app)
    {
        // With a pattern, the fallback also takes paths that look like files (the default pattern skips them).
        app.MapFallback("{**path}", (HttpContext context, StandInServices standIns) => Echo(context, standIns.For(context).Name));
        return app;
    }

    public static IResult Echo(HttpContext context, string serviceName)
    {
        var request = context.Request;
        var attemptCount = request.Headers[FaultHeaders.EnvoyAttemptCount].ToString() is { Length: > 0 } header ? header : null;
        return Results.Ok(new EchoResponse(serviceName, request.Method, request.Path.Value ?? "/",
            request.QueryString.Value ?? "", attemptCount));
    }

    public sealed record EchoResponse(string Service, string Method, string Path, string Query, string? AttemptCount);
}
