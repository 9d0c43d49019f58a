using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// Reads how many tries the fault backend counted for a uuid, through the gateway (DESIGN §4), with the case's own
/// request value plus <see cref="ProbeRequest.TriesHeader"/>: it takes the same route (an Exact path, a header match)
/// and reaches whichever backend the gateway picks; the FaultTarget counts tries for all of its Services in one place.
/// The count comes from the backend, never from the client side. A failed read is retried briefly: the backend may
/// still be recording.
/// </summary>
internal sealed class TriesReader(HttpClient http, RequestRateLimiter limiter, TimeProvider time, RunnerOptions options)
{
    /// <summary>The count, or the reason it could not be read.</summary>
    /// <param name="backends">
    /// The route's backends ("namespace/name"): the tries they served are the route's. A mirror's copies arrive with the
    /// same uuid at the mirror's Service; they are not tries, so they are left out.
    /// </param>
    public async Task<(int? Count, string? Problem)> ReadAsync(Uri gateway, ProbeRequest probe, string uuid, IReadOnlySet<string> backends,
        CancellationToken cancellationToken)
    {
        var problem = "not read";
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

            var triesRead = $"{probe} with {ProbeRequest.TriesHeader}: {uuid}";
            try
            {
                using var request = probe.ToTriesRead(gateway, uuid);
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    problem = $"tries read ({triesRead}) answered {(int)response.StatusCode}";
                    continue;
                }

                var tries = await response.Content.ReadFromJsonAsync<TriesDocument>(cancellationToken).ConfigureAwait(false);
                if (tries?.Services is { } byService)
                {
                    return (byService.Where(s => backends.Contains(s.Key)).Sum(s => s.Value), null);
                }

                if (tries?.Count is { } count)
                {
                    return (count, null);
                }

                problem = $"tries read ({triesRead}) answered without a count";
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or NotSupportedException)
            {
                problem = $"tries read ({triesRead}) could not be read: {e.Message}";
            }
        }

        return (null, problem);
    }

    /// <param name="Services">Tries per Service that served them ("namespace/name"); absent from older FaultTargets.</param>
    private sealed record TriesDocument(
        [property: JsonPropertyName("count")] int? Count,
        [property: JsonPropertyName("services")] Dictionary<string, int>? Services);
}
