using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// Reads how many tries the fault backend counted for a uuid, through the gateway (DESIGN §4). The count comes from
/// the backend, never from the client side. A failed read is retried briefly: the backend may still be recording.
/// </summary>
internal sealed class TriesReader(HttpClient http, RequestRateLimiter limiter, TimeProvider time, RunnerOptions options)
{
    /// <summary>The count, or the reason it could not be read.</summary>
    public async Task<(int? Count, string? Problem)> ReadAsync(Uri triesUri, string? host, CancellationToken cancellationToken)
    {
        string problem = "not read";
        for (var attempt = 1; attempt <= options.TriesReadAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(options.TriesReadPause, time, cancellationToken).ConfigureAwait(false);
            }

            if (!await limiter.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                return (null, "the run's request cap was reached before the tries could be read");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, triesUri);
                if (host is not null)
                {
                    request.Headers.Host = host;
                }

                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    problem = $"tries endpoint {triesUri} answered {(int)response.StatusCode}";
                    continue;
                }

                var tries = await response.Content.ReadFromJsonAsync<TriesDocument>(cancellationToken).ConfigureAwait(false);
                if (tries?.Count is { } count)
                {
                    return (count, null);
                }

                problem = $"tries endpoint {triesUri} answered without a count";
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or NotSupportedException)
            {
                problem = $"tries endpoint {triesUri} could not be read: {e.Message}";
            }
        }

        return (null, problem);
    }

    private sealed record TriesDocument([property: JsonPropertyName("count")] int? Count);
}
