using System.Net;

namespace AmbientVerify.FaultTarget.Tests.Http;

public sealed class ResetTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reset_try_closes_the_connection_without_a_response()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => target.Client.GetAsync("/api/customers?uuid=r1&reset=1", Cancel));
    }

    [Fact]
    public async Task A_reset_try_is_counted_with_outcome_reset()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => target.Client.GetAsync("/api/customers?uuid=r2&reset=1", Cancel));

        var report = await target.WaitForTriesAsync("r2", r => r.Count == 1 && r.Tries[0].Outcome != "pending");
        Assert.Equal("reset", report.Tries[0].Outcome);
    }

    [Fact]
    public async Task Tries_after_the_reset_ones_are_answered()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => target.Client.GetAsync("/api/customers?uuid=r3&reset=1", Cancel));
        using var second = await target.Client.GetAsync("/api/customers?uuid=r3&reset=1", Cancel);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }
}
