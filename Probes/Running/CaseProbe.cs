using AmbientVerify.Manifests;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Running;

/// <summary>Sends one case's request through the gateway and reads the tries the backend counted.</summary>
internal sealed class CaseProbe(HttpClient http, RequestRateLimiter limiter, TriesReader tries, TimeProvider time)
{
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One untimed request without fault instructions along the route, so the first timed case pays neither for
    /// cold code nor for the first connection and its mTLS handshake through the dataplane. Its answer is not judged.
    /// </summary>
    public async Task WarmUpAsync(Uri gateway, GatewayRoute route, CancellationToken cancellationToken)
    {
        if (RouteAddress.Of(route) is not { } address || !await limiter.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(WarmUpTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, address.ProbeUri(gateway, ""));
        if (address.Host is not null)
        {
            request.Headers.Host = address.Host;
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The cases themselves will find and report whatever is wrong with this route.
        }
    }

    public async Task<ProbeOutcome> RunAsync(Uri gateway, GatewayRoute route, ProbeCase probeCase, TimeSpan clientTimeout, CancellationToken cancellationToken)
    {
        if (RouteAddress.Of(route) is not { } address)
        {
            return ProbeOutcome.CouldNotLook($"route path {route.Path.Value} is a regular expression: there is no concrete path to probe");
        }

        if (!await limiter.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return ProbeOutcome.CouldNotLook("the run's request cap was reached before this case could be sent");
        }

        // A fresh uuid per case: the backend counts tries per uuid, so cases never see each other's tries.
        var uuid = Guid.NewGuid().ToString("N");
        var uri = address.ProbeUri(gateway, probeCase.Fault.ToQuery(uuid));
        int status;
        TimeSpan elapsed;
        using (var clientTimeoutSource = new CancellationTokenSource(clientTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clientTimeoutSource.Token))
        using (var request = new HttpRequestMessage(HttpMethod.Get, uri))
        {
            if (address.Host is not null)
            {
                request.Headers.Host = address.Host;
            }

            var started = time.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                elapsed = time.GetElapsedTime(started);
                status = (int)response.StatusCode;
            }
            catch (OperationCanceledException) when (clientTimeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return ProbeOutcome.CouldNotLook(
                    $"no answer from {uri} within the probe's own timeout of {Durations.Format(clientTimeout)} (the gateway never timed the request out)");
            }
            catch (HttpRequestException e)
            {
                return ProbeOutcome.CouldNotLook($"gateway {gateway} could not be reached for {uri}: {e.Message}");
            }
        }

        var (count, problem) = await tries.ReadAsync(address.TriesUri(gateway, uuid), address.Host, cancellationToken).ConfigureAwait(false);
        return count is { } tryCount
            ? ProbeOutcome.Observed(new Observation(status, tryCount, elapsed))
            : ProbeOutcome.CouldNotLook($"the gateway answered {status} but {problem}");
    }
}
