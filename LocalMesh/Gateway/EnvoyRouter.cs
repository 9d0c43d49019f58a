using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using AmbientVerify.Manifests;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// Envoy's router for one request: tries, retry decisions, back-off and per-try timeouts, as a Polly pipeline
/// (Retry → per-try Timeout) built once per route. The route timeout is not part of the pipeline: it is the
/// <c>routeToken</c> given by the caller, because in Envoy it also bounds streaming the response body.
/// </summary>
public sealed class EnvoyRouter(HttpMessageInvoker upstream, TimeProvider time, IBackoffRandom random, GatewayTelemetry telemetry)
{
    // Polly's timeout strategy accepts 10ms..24h; Envoy's per-try timeouts outside that range are not realistic.
    private static readonly TimeSpan MinPollyTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPollyTimeout = TimeSpan.FromHours(24);

    // Per route, with retries and (for requests whose body outgrew the retry buffer) without.
    private readonly ConcurrentDictionary<(MeshRoute Route, bool Retries), ResiliencePipeline<UpstreamTry>> _pipelines = new();

    /// <summary>
    /// Tries the backend until a try is final. Returns the final try (its response still unread) and whether a
    /// per-try timeout ended the request. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="routeToken"/> fires (route timeout or client gone).
    /// </summary>
    /// <param name="backendService">The Service the try goes to (of a weighted route, the one picked for this request).</param>
    public async Task<RouterOutcome> SendAsync(MeshRoute route, Uri backend, NamespacedName backendService, BufferedRequest request, Activity? activity, CancellationToken routeToken)
    {
        var state = new RequestState(this, route, backend, backendService, request, activity, routeToken);
        // router.cc decodeData: once the body outgrows the retry buffer, retry_state_ is reset — no retry for this
        // request; the per-try and route timeouts still apply.
        var retries = !request.RetryBufferOverflowed;
        if (!retries)
        {
            activity?.SetTag("localmesh.retries_disabled", "request body over the retry buffer limit");
        }

        var pipeline = _pipelines.GetOrAdd((route, retries), static (key, router) => router.BuildPipeline(key.Route, key.Retries), this);
        var context = ResilienceContextPool.Shared.Get(routeToken);
        try
        {
            var final = await pipeline.ExecuteAsync(
                static (ctx, s) => s.Router.TryOnceAsync(s, ctx.CancellationToken),
                context,
                state);
            return new RouterOutcome(final, state.Attempts);
        }
        catch (TimeoutRejectedException) when (!routeToken.IsCancellationRequested)
        {
            // The last try hit its per-try timeout and was not (or no longer) retried: Envoy answers 504.
            return new RouterOutcome(null, state.Attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline<UpstreamTry> BuildPipeline(MeshRoute route, bool retries)
    {
        var policy = route.Policy;
        var builder = new ResiliencePipelineBuilder<UpstreamTry> { TimeProvider = time };
        if (retries && policy.NumRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<UpstreamTry>
            {
                MaxRetryAttempts = policy.NumRetries,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: TimeoutRejectedException } => EnvoyRetryRules.ShouldRetry(policy, new UpstreamTry(0, null, UpstreamFailure.PerTryTimeout)),
                    { Result: { } tried } => EnvoyRetryRules.ShouldRetry(policy, tried),
                    _ => false,
                }),
                // Polly's AttemptNumber is 0 for the first retry; Envoy counts retries from 1.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    EnvoyBackoff.Delay(args.AttemptNumber + 1, policy.BackoffBase, policy.BackoffMax, random)),
            });
        }

        // router.cc finalTimeout: a per-try timeout not below the route timeout is dropped.
        if (policy.EffectivePerTryTimeout is { } perTry)
        {
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                Timeout = perTry < MinPollyTimeout ? MinPollyTimeout : perTry > MaxPollyTimeout ? MaxPollyTimeout : perTry,
            });
        }

        return builder.Build();
    }

    private async ValueTask<UpstreamTry> TryOnceAsync(RequestState state, CancellationToken tryToken)
    {
        var attempt = ++state.Attempts;
        var started = time.GetTimestamp();
        using var request = UpstreamRequestFactory.Create(state.Request, state.Backend, attempt);
        // Lets a MeshDialer pick a pod of this Service when the try needs a new connection.
        request.Options.Set(MeshDialer.ServiceKey, state.BackendService);
        UpstreamTry tried;
        try
        {
            var response = await upstream.SendAsync(request, tryToken);
            tried = new UpstreamTry(attempt, response, UpstreamFailure.None);
        }
        catch (OperationCanceledException) when (tryToken.IsCancellationRequested)
        {
            var outcome = state.RouteToken.IsCancellationRequested ? "cancelled" : "per_try_timeout";
            telemetry.RecordTry(state.Route, state.Activity, attempt, outcome, time.GetElapsedTime(started));
            throw;
        }
        catch (Exception error) when (error is HttpRequestException or IOException or OperationCanceledException)
        {
            tried = new UpstreamTry(attempt, null, Classify(error));
        }

        telemetry.RecordTry(state.Route, state.Activity, attempt, tried.OutcomeLabel, time.GetElapsedTime(started));
        return tried;
    }

    /// <summary>A failure to connect is Envoy's "remote connection failure"; anything after connecting is a reset.</summary>
    private static UpstreamFailure Classify(Exception error) => error switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }
            => UpstreamFailure.ConnectFailure,
        // Not our token: the handler's own connect timeout.
        OperationCanceledException => UpstreamFailure.ConnectFailure,
        _ => UpstreamFailure.Reset,
    };

    private sealed class RequestState(EnvoyRouter router, MeshRoute route, Uri backend, NamespacedName backendService, BufferedRequest request, Activity? activity, CancellationToken routeToken)
    {
        public NamespacedName BackendService { get; } = backendService;
        public EnvoyRouter Router { get; } = router;
        public MeshRoute Route { get; } = route;
        public Uri Backend { get; } = backend;
        public BufferedRequest Request { get; } = request;
        public Activity? Activity { get; } = activity;
        public CancellationToken RouteToken { get; } = routeToken;
        public int Attempts { get; set; }
    }
}

/// <summary>What the router ended with.</summary>
/// <param name="Final">The last try; null when its per-try timeout fired (Envoy: 504).</param>
/// <param name="Tries">How many tries were made.</param>
public sealed record RouterOutcome(UpstreamTry? Final, int Tries);
