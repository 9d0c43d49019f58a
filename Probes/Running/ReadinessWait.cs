namespace AmbientVerify.Probes.Running;

/// <summary>
/// Polls the readiness URLs until each has answered 2xx once. Faster than Aspire's own health wait, which backs off
/// to 5 s between checks: with 26 processes starting at once that left the probes idle for ~15 s on every gate.
/// </summary>
public sealed class ReadinessWait(HttpClient http, TimeProvider time)
{
    /// <summary>Null when every URL answered 2xx in time; otherwise what was still not ready, and why.</summary>
    public async Task<string?> WaitAsync(ReadinessOptions options, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var lastError = options.Urls.Distinct().ToDictionary(url => url, _ => "not asked yet");
        while (true)
        {
            var answers = await Task.WhenAll(lastError.Keys.Select(url => AskAsync(url, options.AttemptTimeout, cancellationToken))).ConfigureAwait(false);
            foreach (var (url, error) in answers)
            {
                if (error is null)
                {
                    lastError.Remove(url);
                }
                else
                {
                    lastError[url] = error;
                }
            }

            if (lastError.Count == 0)
            {
                return null;
            }

            if (time.GetElapsedTime(started) >= options.Timeout)
            {
                return $"not ready after {options.Timeout.TotalSeconds:0.#}s: " +
                       string.Join("; ", lastError.Select(e => $"{e.Key} ({e.Value})"));
            }

            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(Uri Url, string? Error)> AskAsync(Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            using var attempt = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            return (url, response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (url, e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.#}s" : e.Message);
        }
    }
}
