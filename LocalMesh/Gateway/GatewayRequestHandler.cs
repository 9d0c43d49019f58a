using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The catch-all endpoint: route the request, forward it through the <see cref="EnvoyRouter"/>, and answer
/// exactly as Envoy would: the upstream response as is, or one of Envoy's local replies.
/// </summary>
public sealed class GatewayRequestHandler(
    RouteTable routes,
    BackendResolver backends,
    EnvoyRouter router,
    TimeProvider time,
    IOptions<LocalMeshOptions> options)
{
    public async Task HandleAsync(HttpContext context)
    {
        var route = routes.Match(context.Request.Host.Host, context.Request.Path.Value ?? "/");
        if (route is null)
        {
            await LocalReplyAsync(context, StatusCodes.Status404NotFound, EnvoyLocalReplies.RouteNotFound);
            return;
        }

        using var activity = GatewayTelemetry.StartRequest(route);
        if (backends.Resolve(route.Route.BackendService) is not { } backend)
        {
            // No endpoint: Envoy answers without trying, so there is nothing to retry.
            await LocalReplyAsync(context, StatusCodes.Status503ServiceUnavailable, EnvoyLocalReplies.NoHealthyUpstream);
            return;
        }

        // A body over the retry buffer is not refused: it loses its retries and streams on (BufferedRequest).
        var request = await BufferedRequest.ReadAsync(context.Request, options.Value.MaxBufferedRequestBodyBytes, context.RequestAborted);

        // Envoy starts the route timer once the whole downstream request has arrived (we have just buffered it);
        // it covers every try, every back-off and streaming the response body.
        using var routeTimer = route.Policy.RouteTimeout is { } timeout
            ? new CancellationTokenSource(timeout, time)
            : new CancellationTokenSource();
        using var routeScope = CancellationTokenSource.CreateLinkedTokenSource(routeTimer.Token, context.RequestAborted);
        var started = time.GetTimestamp();

        RouterOutcome outcome;
        try
        {
            outcome = await router.SendAsync(route, backend, request, activity, routeScope.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Abort();
            return;
        }
        catch (OperationCanceledException) when (routeTimer.IsCancellationRequested)
        {
            activity?.SetTag("localmesh.result", "route_timeout");
            await LocalReplyAsync(context, StatusCodes.Status504GatewayTimeout, EnvoyLocalReplies.UpstreamRequestTimeout);
            return;
        }

        activity?.SetTag("localmesh.tries", outcome.Tries);
        using var final = outcome.Final;
        switch (final)
        {
            case null:
                activity?.SetTag("localmesh.result", "per_try_timeout");
                await LocalReplyAsync(context, StatusCodes.Status504GatewayTimeout, EnvoyLocalReplies.UpstreamRequestTimeout);
                break;
            case { Response: { } response }:
                activity?.SetTag("localmesh.result", (int)response.StatusCode);
                await ResponseCopier.CopyAsync(response, context, time.GetElapsedTime(started), routeScope.Token);
                break;
            default:
                activity?.SetTag("localmesh.result", final.OutcomeLabel);
                var reason = final.Failure == UpstreamFailure.ConnectFailure
                    ? EnvoyLocalReplies.RemoteConnectionFailure
                    : EnvoyLocalReplies.ConnectionTermination;
                await LocalReplyAsync(context, StatusCodes.Status503ServiceUnavailable, EnvoyLocalReplies.ResetBeforeHeaders(reason, retried: outcome.Tries > 1));
                break;
        }
    }

    private static Task LocalReplyAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
        context.Response.Headers.Server = ResponseCopier.ServerName;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}

/// <summary>Streams an upstream response to the client the way Envoy forwards it.</summary>
public static class ResponseCopier
{
    /// <summary>Envoy at an Istio gateway overwrites the server header with this.</summary>
    public const string ServerName = "istio-envoy";

    public static async Task CopyAsync(HttpResponseMessage upstream, HttpContext context, TimeSpan upstreamTime, CancellationToken routeToken)
    {
        var response = context.Response;
        response.StatusCode = (int)upstream.StatusCode;
        foreach (var (name, values) in upstream.Headers.Concat(upstream.Content.Headers))
        {
            if (!HopByHopHeaders.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        response.Headers.Server = ServerName;
        response.Headers["x-envoy-upstream-service-time"] =
            ((long)upstreamTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        try
        {
            await using var body = await upstream.Content.ReadAsStreamAsync(routeToken);
            await body.CopyToAsync(response.Body, routeToken);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or HttpRequestException)
        {
            // Headers are gone already: like Envoy, reset the downstream stream rather than send a truncated body as whole.
            context.Abort();
        }
    }
}
