using System.Net;
using AmbientVerify.FaultTarget.Faults;

namespace AmbientVerify.FaultTarget.Tests.Http;

public sealed class ResponseCodeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Succeed_after_three_fails_three_tries_then_answers_200()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await target.Client.GetAsync("/api/customers?uuid=sa3&responseCode=500&succeedAfter=3", Cancel);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Every_try_carries_its_number_and_the_service_name()
    {
        await using var target = await RunningFaultTarget.StartAsync(serviceName: "order-service");
        var headers = new List<(string, string)>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await target.Client.GetAsync("/api/orders?uuid=hdr&responseCode=503&succeedAfter=1", Cancel);
            headers.Add((response.Headers.GetValues(FaultHeaders.Try).Single(), response.Headers.GetValues(FaultHeaders.Service).Single()));
        }
        Assert.Equal([("1", "order-service"), ("2", "order-service")], headers);
    }

    [Fact]
    public async Task The_tries_endpoint_records_the_outcome_of_each_try()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            using var _ = await target.Client.GetAsync("/api/customers?uuid=out&responseCode=502&succeedAfter=3", Cancel);
        }
        var report = await target.GetTriesAsync("out");
        Assert.Equal(["502", "502", "502", "200"], report.Tries.Select(t => t.Outcome));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metrics")]
    public async Task A_probe_of_a_route_on_the_apps_health_or_metrics_path_is_faulted_and_counted(string path)
    {
        await using var target = await RunningFaultTarget.StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await target.Client.GetAsync($"{path}?uuid=own{path[1..]}&responseCode=503&succeedAfter=1", Cancel);
            statuses.Add(response.StatusCode);
        }

        using var health = await target.Client.GetAsync(path, Cancel);
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal(2, (await target.GetTriesAsync($"own{path[1..]}")).Count);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_malformed_instruction_is_answered_400_with_the_reason_and_not_counted()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        using var response = await target.Client.GetAsync("/api/customers?uuid=bad&responseCode=999", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("responseCode must be a whole number from 200 to 599", body);
        Assert.Equal(0, (await target.GetTriesAsync("bad")).Count);
    }
}
