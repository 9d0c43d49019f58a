using AmbientVerify.Probes.Running;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// Waits until the gateway serves each twin: its plain request (no fault instruction) answered 2xx with
/// <c>x-fault-service</c> naming one of the twin's original Services. Istio programs a new route some time after it is
/// created, so the first answers may be 404 or the real route's. Bounded: one request per twin every
/// <see cref="TwinOptions.ConvergencePoll"/>, at most <see cref="TwinOptions.ConvergenceMaxRequests"/>, until
/// <see cref="TwinOptions.ConvergenceDeadline"/>; only twin paths, each with the secret header.
/// </summary>
internal sealed class ConvergenceWait(HttpClient http, TimeProvider time)
{
    public const string ServiceHeader = "x-fault-service";

    /// <summary>The longest one convergence request may take: a gateway that holds it is asked again.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    public async Task<ConvergenceReport> WaitAsync(Uri gateway, TwinPlan plan, CancellationToken ct)
    {
        var results = await Task.WhenAll(plan.Twins.Select(twin => WaitOneAsync(gateway, twin, plan.Options, ct))).ConfigureAwait(false);
        return new ConvergenceReport(results);
    }

    private async Task<TwinConvergence> WaitOneAsync(Uri gateway, TwinRoute twin, TwinOptions options, CancellationToken ct)
    {
        var start = time.GetUtcNow();
        var names = twin.AnswersAs.Select(s => s[(s.IndexOf('/') + 1)..]).ToHashSet(StringComparer.Ordinal);
        var last = "no answer yet";
        var requests = 0;
        while (requests < options.ConvergenceMaxRequests)
        {
            if (requests > 0)
            {
                await Task.Delay(options.ConvergencePoll, time, ct).ConfigureAwait(false);
            }

            var left = options.ConvergenceDeadline - (time.GetUtcNow() - start);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            requests++;
            try
            {
                // One slow answer may not eat the deadline: an attempt gets what is left of it, at most AttemptTimeout.
                using var attempt = new CancellationTokenSource(left < AttemptTimeout ? left : AttemptTimeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, attempt.Token);
                using var request = twin.Target.Request!.ToHttpRequest(gateway);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var service = response.Headers.TryGetValues(ServiceHeader, out var values) ? values.FirstOrDefault() : null;
                if (response.IsSuccessStatusCode && service is not null && names.Contains(service))
                {
                    return new TwinConvergence(twin.Name, twin.Original.Name, time.GetUtcNow() - start, requests, $"{(int)response.StatusCode} from {service}");
                }

                last = $"{(int)response.StatusCode}{(service is null ? $" without {ServiceHeader}" : $" from {service}")} (expected 2xx from {string.Join(" or ", names)})";
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                last = $"no answer: {e.Message}";
            }
        }

        return new TwinConvergence(twin.Name, twin.Original.Name, null, requests, last);
    }
}
