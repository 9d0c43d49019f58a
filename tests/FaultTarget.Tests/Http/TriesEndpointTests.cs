using System.Net.Http.Json;
using System.Text.Json;
using AmbientVerify.FaultTarget.Faults;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.FaultTarget.Tests.Http;

public sealed class TriesEndpointTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tries_can_be_read_under_a_gateway_route_prefix()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            using var _ = await target.Client.GetAsync("/api/customers?uuid=pre", Cancel);
        }
        Assert.Equal(3, (await target.GetTriesAsync("pre", prefix: "/api/customers")).Count);
    }

    [Fact]
    public async Task Reading_tries_is_never_counted_as_a_try()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        using var _ = await target.Client.GetAsync("/api/customers?uuid=read", Cancel);
        await target.GetTriesAsync("read");
        using var __ = await target.Client.GetAsync("/api/customers/__faults/tries/read?uuid=read", Cancel);
        Assert.Equal(1, (await target.GetTriesAsync("read")).Count);
    }

    [Fact]
    public async Task An_unknown_uuid_reads_as_zero_tries()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        var report = await target.GetTriesAsync("nobody");
        Assert.Equal((0, 0), (report.Count, report.Tries.Count));
    }

    [Fact]
    public async Task Each_try_records_the_envoy_attempt_count_it_carried()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        foreach (var attempt in new[] { "1", "2" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers?uuid=envoy");
            request.Headers.Add(FaultHeaders.EnvoyAttemptCount, attempt);
            using var _ = await target.Client.SendAsync(request, Cancel);
        }
        using var ___ = await target.Client.GetAsync("/api/customers?uuid=envoy", Cancel);

        var report = await target.GetTriesAsync("envoy");
        Assert.Equal(["1", "2", null], report.Tries.Select(t => t.AttemptCount));
    }

    [Fact]
    public async Task Offsets_are_seconds_since_the_first_try()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
        await using var target = await RunningFaultTarget.StartAsync(time: time);
        using var _ = await target.Client.GetAsync("/x?uuid=off", Cancel);
        time.Advance(TimeSpan.FromMilliseconds(2500));
        using var __ = await target.Client.GetAsync("/x?uuid=off", Cancel);

        var report = await target.GetTriesAsync("off");
        Assert.Equal([0.0, 2.5], report.Tries.Select(t => t.OffsetSeconds));
    }

    [Fact]
    public async Task The_report_uses_the_documented_field_names()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
        await using var target = await RunningFaultTarget.StartAsync(time: time);
        using var _ = await target.Client.GetAsync("/api/customers?uuid=shape&responseCode=503", Cancel);

        using var json = await target.Client.GetFromJsonAsync<JsonDocument>("/__faults/tries/shape", Cancel);
        var root = json!.RootElement;
        var first = root.GetProperty("tries")[0];
        Assert.Equal(
            ("shape", "customer-service", 1, 1, 1, "2025-06-01T09:00:00+00:00", 0.0, JsonValueKind.Null, "503", "default/customer-service"),
            (root.GetProperty("uuid").GetString(), root.GetProperty("service").GetString(), root.GetProperty("count").GetInt32(),
             root.GetProperty("services").GetProperty("default/customer-service").GetInt32(),
             first.GetProperty("try").GetInt32(), first.GetProperty("receivedAt").GetString(), first.GetProperty("offsetSeconds").GetDouble(),
             first.GetProperty("attemptCount").ValueKind, first.GetProperty("outcome").GetString(), first.GetProperty("service").GetString()));
    }
}
