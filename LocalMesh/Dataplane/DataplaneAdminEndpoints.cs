using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>
/// The admin API of a ztunnel or sidecar process (ztunnel's 15020 / 15000 in one): Istio's metrics, the
/// workloads view, health. OpenTelemetry's own /metrics is deliberately not mapped: this /metrics is Istio's.
/// </summary>
/// <remarks>
/// One terminal handler rather than endpoint routing: a run starts a dataplane process per pod, and routing's start-up
/// (the endpoint matcher and the minimal-API delegates, built on the first request) is a large share of what each of
/// them costs before its /health answers. Five fixed paths need no matcher.
/// </remarks>
public static class DataplaneAdminEndpoints
{
    public const string TextContentType = "text/plain; charset=utf-8";

    /// <param name="identity">What <see cref="ProcessIdentity.Path"/> answers: the process id and the component (ztunnel, or the sidecar of a pod).</param>
    public static WebApplication MapDataplaneAdmin(this WebApplication app, Func<IReadOnlyList<WorkloadEntry>> workloads, ProcessIdentity identity)
    {
        var metrics = app.Services.GetRequiredService<IstioTcpMetrics>();
        app.Run(context =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, HEAD";
                return Task.CompletedTask;
            }

            return context.Request.Path.Value switch
            {
                "/metrics" => WriteAsync(context, IstioTcpMetrics.ContentType, metrics.Render()),
                "/workloads" => context.Response.WriteAsJsonAsync(workloads(), context.RequestAborted),
                "/health" => WriteAsync(context, TextContentType, "healthy"),
                "/alive" => WriteAsync(context, TextContentType, "alive"),
                ProcessIdentity.Path => context.Response.WriteAsJsonAsync(identity, context.RequestAborted),
                _ => NotFoundAsync(context),
            };
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = TextContentType;
        return context.Response.WriteAsync($"{context.Request.Path} is not an admin endpoint: /metrics, /workloads, /health, /alive, {ProcessIdentity.Path}", context.RequestAborted);
    }
}
