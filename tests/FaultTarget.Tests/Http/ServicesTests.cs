using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AmbientVerify.FaultTarget.Faults;
using AmbientVerify.FaultTarget.StandIns;
using Microsoft.Extensions.DependencyInjection;

namespace AmbientVerify.FaultTarget.Tests.Http;

/// <summary>One FaultTarget for every Service of a run (FaultTarget:Services): a listener per Service, tries in one place.</summary>
public sealed class ServicesTests
{
    private const string Customers = "ecommerce/customer-service";
    private const string Orders = "ecommerce/order-service";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_listener_answers_as_its_own_service()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync(Customers, Orders);

        using var orders = await target.Clients["order-service"].GetFromJsonAsync<JsonDocument>("/api/orders", Cancel);
        using var customers = await target.Clients["customer-service"].GetFromJsonAsync<JsonDocument>("/api/customers/2", Cancel);

        Assert.Equal(JsonValueKind.Array, orders!.RootElement.ValueKind);
        Assert.Equal("Jae-won Park", customers!.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Another_services_resource_is_echoed_as_the_listeners_service()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync(Customers, Orders);

        using var response = await target.Clients["order-service"].GetAsync("/api/customers", Cancel);
        using var json = await response.Content.ReadFromJsonAsync<JsonDocument>(Cancel);

        Assert.Equal(("order-service", "/api/customers"),
            (json!.RootElement.GetProperty("service").GetString(), json.RootElement.GetProperty("path").GetString()));
        Assert.Equal("order-service", response.Headers.GetValues(FaultHeaders.Service).Single());
    }

    [Fact]
    public async Task Tries_of_one_uuid_are_counted_over_every_listener_and_named_by_service()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync(Customers, Orders);
        foreach (var service in new[] { "order-service", "customer-service", "order-service" })
        {
            using var _ = await target.Clients[service].GetAsync("/x?uuid=across", Cancel);
        }

        var report = await target.GetTriesAsync("across", through: target.Clients["customer-service"]);

        Assert.Equal(3, report.Count);
        Assert.Equal(new Dictionary<string, int> { [Customers] = 1, [Orders] = 2 }, report.Services);
        Assert.Equal([Orders, Customers, Orders], report.Tries.Select(t => t.Service));
        Assert.Equal([1, 2, 3], report.Tries.Select(t => t.Try));
    }

    [Fact]
    public async Task A_fault_script_runs_over_the_tries_of_every_listener()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync(Customers, Orders);
        var statuses = new List<HttpStatusCode>();
        foreach (var service in new[] { "order-service", "customer-service", "order-service" })
        {
            using var response = await target.Clients[service].GetAsync("/x?uuid=script&responseCode=503&succeedAfter=2", Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Requests_are_counted_in_the_metrics_under_the_listeners_service()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync(Customers, Orders);
        using var _ = await target.Clients["order-service"].GetAsync("/x?uuid=m&responseCode=502", Cancel);

        var metrics = await target.Client.GetStringAsync("/metrics", Cancel);

        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("ambientverify_faulttarget_requests_total{", StringComparison.Ordinal)
            && line.Contains("service=\"order-service\"", StringComparison.Ordinal) && line.Contains("outcome=\"5xx\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_service_setting_is_read_from_configuration()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync(Customers, Orders);

        var services = target.App.Services.GetRequiredService<StandInServices>().All;

        Assert.Equal([("customer-service", "ecommerce", 3, "http://127.0.0.1:0"), ("order-service", "ecommerce", 3, "http://127.0.0.1:0")],
            services.Select(s => (s.Name, s.Namespace, s.Replicas, s.Url)));
    }

    [Fact]
    public async Task The_single_service_form_names_its_tries_in_the_default_namespace()
    {
        await using var target = await RunningFaultTarget.StartAsync("customer-service");
        using var _ = await target.Client.GetAsync("/x?uuid=single", Cancel);

        var report = await target.GetTriesAsync("single");

        Assert.Equal("default/customer-service", Assert.Single(report.Tries).Service);
    }

    [Fact]
    public async Task The_single_service_form_takes_its_namespace_from_configuration()
    {
        await using var target = await RunningFaultTarget.StartAsync("customer-service",
            settings: new Dictionary<string, string?> { ["FaultTarget:Namespace"] = "ecommerce" });
        using var _ = await target.Client.GetAsync("/x?uuid=single", Cancel);

        var report = await target.GetTriesAsync("single");

        Assert.Equal(new Dictionary<string, int> { [Customers] = 1 }, report.Services);
    }
}
