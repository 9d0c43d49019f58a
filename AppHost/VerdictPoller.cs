using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.AppHost;

/// <summary>
/// Reads the probes' GET /summary every couple of seconds and makes it the state of the <see cref="VerdictResource"/>
/// row. Bounded (one small request at a time, each cut at <see cref="RequestTimeout"/>), published only when it changes,
/// and stopped with the app. Until the probes answer, the row keeps "first run…"; when they stop answering, the last
/// verdict is marked stale (<see cref="VerdictState.Unanswered"/>).
/// </summary>
public sealed class VerdictPoller(VerdictResource verdict, EndpointReference probes, ResourceNotificationService notifications, TimeProvider time)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = RequestTimeout };
        VerdictState? shown = null;
        var unanswered = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var read = probes.IsAllocated ? await ReadAsync(http, stoppingToken).ConfigureAwait(false) : null;
            unanswered = read is null ? unanswered + 1 : 0;
            if ((read ?? VerdictState.Unanswered(shown, unanswered)) is { } state && state != shown)
            {
                await notifications.PublishUpdateAsync(verdict, snapshot => state.ApplyTo(snapshot)).ConfigureAwait(false);
                shown = state;
            }

            try
            {
                await Task.Delay(PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<VerdictState?> ReadAsync(HttpClient http, CancellationToken stoppingToken)
    {
        try
        {
            var summary = await http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(probes.Url), ProbesDashboard.SummaryPath), stoppingToken).ConfigureAwait(false);
            return VerdictState.FromSummary(summary);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            // Not started yet, restarting, or busy: the row keeps what it showed; the next poll tries again.
            return null;
        }
    }
}
