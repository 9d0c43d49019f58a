using System.Globalization;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The catch-all endpoint, in the order of Istio's gateway filter chain (<c>listener_builder.go</c>: fault, CORS, router):
/// pick the route (virtual host by authority, first matching route), inject the route's faults, answer what the route
/// answers itself (redirect, direct response, Istio's 500s), pick a weighted backend, apply the rewrite and header edits,
/// mirror, and forward through the <see cref="EnvoyRouter"/>, answering exactly as Envoy would.
/// </summary>
public sealed class GatewayRequestHandler(
    RouteTableSource routeSource,
    BackendResolver backends,
    EnvoyRouter router,
    RequestMirrors mirrors,
    ITrafficRandom random,
    TimeProvider time,
    IOptions<LocalMeshOptions> options)
{
    /// <summary>Envoy's fault filter local reply body (<c>source/extensions/filters/http/fault/fault_filter.cc</c>).</summary>
    public const string FaultAbortBody = "fault filter abort";

    public async Task HandleAsync(HttpContext context)
    {
        // One table for the whole request: a reload swaps the source, never the table a request is using.
        var routes = routeSource.Current;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var (path, query) = RequestFacts.SplitTarget(rawTarget);
        var rawQuery = rawTarget.Contains('?') ? rawTarget[(rawTarget.IndexOf('?') + 1)..] : "";
        var facts = new RequestFacts(
            context.Request.Method,
            context.Request.Host.Value ?? "",
            path,
            query,
            context.Request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList());

        // require_tls: ALL (an Istio server's tls.httpsRedirect) answers before any route is matched.
        if (routes.Routing.VirtualHostFor(facts.Authority) is { RequiresTls: true })
        {
            context.Response.Headers.Location = $"https://{facts.Authority}{rawTarget}";
            await LocalReplyAsync(context, StatusCodes.Status301MovedPermanently, "");
            return;
        }

        var route = routes.Match(facts);
        if (route is null)
        {
            await LocalReplyAsync(context, StatusCodes.Status404NotFound, EnvoyLocalReplies.RouteNotFound);
            return;
        }

        using var activity = GatewayTelemetry.StartRequest(route);
        var actions = route.Route.Actions;
        if (actions.Fault is { } fault)
        {
            if (fault.Delay is { } delay && TrafficChoices.Applies(delay.Percent, random))
            {
                activity?.SetTag("localmesh.fault", "delay");
                await Task.Delay(delay.FixedDelay, time, context.RequestAborted);
            }

            // Ahead of the router: an injected abort is a local reply, never retried.
            if (fault.Abort is { } abort && TrafficChoices.Applies(abort.Percent, random))
            {
                activity?.SetTag("localmesh.result", "fault_abort");
                await LocalReplyAsync(context, abort.HttpStatus, FaultAbortBody);
                return;
            }
        }

        if (await AnswersLocallyAsync(context, route.Route, facts, rawQuery, routes.Routing.Port))
        {
            return;
        }

        var backend = TrafficChoices.PickWeighted(route.Route.Backends, b => b.Weight, random)!;
        activity?.SetTag("localmesh.backend", backend.Destination.QualifiedService);
        if (backend.State != BackendState.Resolved)
        {
            // A cluster Istio could not build: 500 for HTTPRoutes (cluster_not_found_response_code, route.go), Envoy's 503 otherwise.
            await LocalReplyAsync(context, route.Route.GatewaySemantics ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable, "");
            return;
        }

        if (backends.Resolve(backend.Destination.ServiceName) is not { } backendUri)
        {
            // No endpoint: Envoy answers without trying, so there is nothing to retry.
            await LocalReplyAsync(context, StatusCodes.Status503ServiceUnavailable, EnvoyLocalReplies.NoHealthyUpstream);
            return;
        }

        // A body over the retry buffer is not refused: it loses its retries and streams on (BufferedRequest).
        var downstream = await BufferedRequest.ReadAsync(context.Request, options.Value.MaxBufferedRequestBodyBytes, context.RequestAborted);

        var request = Rewritten(route.Route, backend, downstream, facts.Path, rawQuery);
        mirrors.Send(route, request);

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
            outcome = await router.SendAsync(route, backendUri, backend.Destination.ServiceName, request, activity, routeScope.Token);
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
                await ResponseCopier.CopyAsync(response, context, time.GetElapsedTime(started), routeScope.Token,
                    RouteRewrites.ResponseHeaderEdits(route.Route, backend));
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

    /// <summary>Redirects, direct responses, and Istio's 500 for an HTTPRoute rule with no backend of weight above 0.</summary>
    private async Task<bool> AnswersLocallyAsync(HttpContext context, GatewayRoute route, RequestFacts facts, string rawQuery, int? listenerPort)
    {
        if (route.Actions.Redirect is { } redirect)
        {
            context.Response.Headers.Location = RouteRewrites.Location(route, redirect, facts, rawQuery, listenerPort);
            await LocalReplyAsync(context, redirect.StatusCode, "");
            return true;
        }

        if (route.Actions.DirectResponse is { } direct)
        {
            await LocalReplyAsync(context, direct.Status, direct.Body ?? "");
            return true;
        }

        if (route.Backends.Count == 0)
        {
            await LocalReplyAsync(context, StatusCodes.Status500InternalServerError, "");
            return true;
        }

        return false;
    }

    /// <summary>The request as the route sends it on: rewritten path and authority, the destination's then the route's header edits.</summary>
    private static BufferedRequest Rewritten(GatewayRoute route, RouteBackend backend, BufferedRequest downstream, string normalizedPath, string rawQuery)
    {
        var actions = route.Actions;
        if (actions.Rewrite is null && actions.Headers?.Request is null && backend.Destination.Headers?.Request is null
            && string.Equals(downstream.PathAndQuery, normalizedPath + (rawQuery.Length > 0 ? "?" + rawQuery : ""), StringComparison.Ordinal))
        {
            return downstream;
        }

        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in downstream.Headers)
        {
            headers[name] = headers.TryGetValue(name, out var existing) ? StringValues.Concat(existing, values) : values;
        }

        foreach (var edits in RouteRewrites.RequestHeaderEdits(route, backend))
        {
            RouteRewrites.Apply(edits, headers);
        }

        var path = RouteRewrites.RewritePath(route, normalizedPath);
        return downstream.With(
            path + (rawQuery.Length > 0 ? "?" + rawQuery : ""),
            RouteRewrites.RewriteAuthority(route, backend, downstream.Host),
            headers.ToList());
    }

    private static Task LocalReplyAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Server = ResponseCopier.ServerName;
        if (body.Length == 0)
        {
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}

/// <summary>Streams an upstream response to the client the way Envoy forwards it.</summary>
public static class ResponseCopier
{
    /// <summary>Envoy at an Istio gateway overwrites the server header with this.</summary>
    public const string ServerName = "istio-envoy";

    /// <param name="headerEdits">Response header edits in the order Envoy applies them (null entries skipped).</param>
    public static async Task CopyAsync(HttpResponseMessage upstream, HttpContext context, TimeSpan upstreamTime, CancellationToken routeToken,
        IReadOnlyList<HeaderOperations?>? headerEdits = null)
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

        foreach (var edits in headerEdits ?? [])
        {
            RouteRewrites.Apply(edits, response.Headers);
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
