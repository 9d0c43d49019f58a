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
    public async Task WarmUpAsync(Uri gateway, ProbeTarget target, CancellationToken cancellationToken)
    {
        if (target.Request is not { } probe || !await limiter.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(WarmUpTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = probe.ToHttpRequest(gateway);

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The cases themselves will find and report whatever is wrong with this route.
        }
    }

    public async Task<ProbeOutcome> RunAsync(Uri gateway, ProbeTarget target, ProbeCase probeCase, TimeSpan clientTimeout, CancellationToken cancellationToken)
    {
        if (target.Request is not { } probe)
        {
            return ProbeOutcome.CouldNotLook(target.Problem ?? "no probe request for this route");
        }

        if (!await limiter.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return ProbeOutcome.CouldNotLook("the run's request cap was reached before this case could be sent");
        }

        // A fresh uuid per case: the backend counts tries per uuid, so cases never see each other's tries.
        var uuid = Guid.NewGuid().ToString("N");
        int status;
        TimeSpan elapsed;
        using (var clientTimeoutSource = new CancellationTokenSource(clientTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clientTimeoutSource.Token))
        using (var request = probe.ToHttpRequest(gateway, probeCase.Fault.ToQuery(uuid)))
        {
            var uri = request.RequestUri;
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
                    $"no answer to {probe} within the probe's own timeout of {Durations.Format(clientTimeout)} (the gateway never timed the request out)");
            }
            catch (HttpRequestException e)
            {
                return ProbeOutcome.CouldNotLook($"gateway {gateway} could not be reached for {uri} (host {probe.Host}): {e.Message}");
            }
        }

        var backends = target.Route.Backends.Select(b => b.Destination.QualifiedService).ToHashSet(StringComparer.Ordinal);
        var (count, problem) = await tries.ReadAsync(gateway, probe, uuid, backends, cancellationToken).ConfigureAwait(false);
        return count is { } tryCount
            ? ProbeOutcome.Observed(new Observation(status, tryCount, elapsed))
            : ProbeOutcome.CouldNotLook($"the gateway answered {status} but {problem}");
    }
}
