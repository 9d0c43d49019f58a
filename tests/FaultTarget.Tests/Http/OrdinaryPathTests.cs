using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AmbientVerify.FaultTarget.Faults;

namespace AmbientVerify.FaultTarget.Tests.Http;

public sealed class OrdinaryPathTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("customer-service", "/api/customers")]
    [InlineData("order-service", "/api/orders")]
    [InlineData("payment-service", "/api/payments")]
    [InlineData("product-service", "/api/products")]
    [InlineData("store-service", "/api/stores")]
    [InlineData("saga-tracker", "/api/sagas")]
    public async Task Each_service_lists_its_own_resource(string service, string path)
    {
        await using var target = await RunningFaultTarget.StartAsync(serviceName: service);
        using var json = await target.Client.GetFromJsonAsync<JsonDocument>(path, Cancel);

        Assert.Equal(JsonValueKind.Array, json!.RootElement.ValueKind);
        Assert.All(json.RootElement.EnumerateArray(), item => Assert.True(item.TryGetProperty("id", out _)));
        Assert.True(json.RootElement.GetArrayLength() >= 3);
    }

    [Fact]
    public async Task A_known_id_answers_that_item()
    {
        await using var target = await RunningFaultTarget.StartAsync(serviceName: "customer-service");
        using var json = await target.Client.GetFromJsonAsync<JsonDocument>("/api/customers/2", Cancel);
        Assert.Equal(("2", "Jae-won Park"), (json!.RootElement.GetProperty("id").GetString(), json.RootElement.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_unknown_path_is_echoed_with_method_path_and_attempt_count()
    {
        await using var target = await RunningFaultTarget.StartAsync(serviceName: "customer-service");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders/7/items?x=1");
        request.Headers.Add(FaultHeaders.EnvoyAttemptCount, "3");
        using var response = await target.Client.SendAsync(request, Cancel);
        using var json = await response.Content.ReadFromJsonAsync<JsonDocument>(Cancel);
        var root = json!.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("customer-service", "POST", "/api/orders/7/items", "3"),
            (root.GetProperty("service").GetString(), root.GetProperty("method").GetString(),
             root.GetProperty("path").GetString(), root.GetProperty("attemptCount").GetString()));
    }

    [Fact]
    public async Task The_process_identity_says_this_process_stands_in_for_the_workloads()
    {
        await using var target = await RunningFaultTarget.StartAsync(serviceName: "customer-service");

        var identity = await target.Client.GetFromJsonAsync<Microsoft.Extensions.Hosting.ProcessIdentity>(Microsoft.Extensions.Hosting.ProcessIdentity.Path, Cancel);

        Assert.Equal((Environment.ProcessId, "workloads"), (identity!.Pid, identity.Component));
    }

    [Fact]
    public async Task An_unknown_service_name_echoes_every_path()
    {
        await using var target = await RunningFaultTarget.StartAsync(serviceName: "inventory-service");
        using var json = await target.Client.GetFromJsonAsync<JsonDocument>("/api/customers", Cancel);
        Assert.Equal("inventory-service", json!.RootElement.GetProperty("service").GetString());
    }

    [Fact]
    public async Task An_ordinary_request_without_uuid_is_try_one()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        using var response = await target.Client.GetAsync("/api/customers", Cancel);
        Assert.Equal("1", response.Headers.GetValues(FaultHeaders.Try).Single());
    }

    [Fact]
    public async Task Requests_are_counted_in_the_metrics_by_outcome_class()
    {
        await using var target = await RunningFaultTarget.StartAsync(serviceName: "payment-service");
        using var _ = await target.Client.GetAsync("/api/payments?uuid=m&responseCode=503", Cancel);
        var metrics = await target.Client.GetStringAsync("/metrics", Cancel);
        Assert.Contains("ambientverify_faulttarget_requests_total{", metrics);
        Assert.Contains("outcome=\"5xx\"", metrics);
    }
}
