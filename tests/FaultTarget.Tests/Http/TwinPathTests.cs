using System.Net;
using System.Net.Http.Json;
using AmbientVerify.FaultTarget.Endpoints;
using AmbientVerify.FaultTarget.Faults;
using AmbientVerify.FaultTarget.StandIns;

namespace AmbientVerify.FaultTarget.Tests.Http;

/// <summary>
/// In a cluster the FaultTarget sits behind twin routes (Probes/Cluster/Twins): requests arrive on
/// /__ambientverify/&lt;service&gt;&lt;original path&gt; with the run's secret header, on a listener named after the
/// original Service. Faults, tries and the tries read must work there exactly as on the original paths.
/// </summary>
public sealed class TwinPathTests
{
    private const string TwinPath = "/__ambientverify/customer-service/api/customers";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Twin(string pathAndQuery, string? triesUuid = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.TryAddWithoutValidation("x-ambientverify-run", "0123456789abcdef0123456789abcdef");
        if (triesUuid is not null)
        {
            request.Headers.TryAddWithoutValidation(FaultHeaders.TriesRead, triesUuid);
        }

        return request;
    }

    [Fact]
    public async Task A_fault_on_a_twin_path_is_counted_under_the_original_service_and_read_back_with_the_same_request()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync("ecommerce/customer-service", "ecommerce/order-service");
        var customer = target.Clients["customer-service"];

        using var faulted = await customer.SendAsync(Twin($"{TwinPath}?uuid=twin1&responseCode=503&succeedAfter=1"), Cancel);
        using var retried = await customer.SendAsync(Twin($"{TwinPath}?uuid=twin1&responseCode=503&succeedAfter=1"), Cancel);
        using var read = await customer.SendAsync(Twin($"{TwinPath}?uuid=twin1&responseCode=503&succeedAfter=1", triesUuid: "twin1"), Cancel);
        var report = await read.Content.ReadFromJsonAsync<TriesEndpoint.TriesReport>(Cancel);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK), (faulted.StatusCode, retried.StatusCode, read.StatusCode));
        Assert.Equal("customer-service", faulted.Headers.GetValues(FaultHeaders.Service).Single());
        Assert.Equal(2, report!.Count);
        Assert.Equal(new Dictionary<string, int> { ["ecommerce/customer-service"] = 2 }, report.Services);
    }

    [Fact]
    public async Task The_tries_path_under_a_twin_prefix_answers_and_a_plain_twin_request_is_not_counted()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync("ecommerce/customer-service");
        var customer = target.Clients["customer-service"];

        using var plain = await customer.SendAsync(Twin(TwinPath), Cancel);
        using var _ = await customer.SendAsync(Twin($"{TwinPath}?uuid=twin2&reset=0"), Cancel);
        var report = await target.GetTriesAsync("twin2", prefix: TwinPath, through: customer);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("customer-service", plain.Headers.GetValues(FaultHeaders.Service).Single());
        Assert.Equal(1, report.Count);
    }

    [Fact]
    public void The_listener_url_the_twin_deployment_gives_binds_every_interface()
    {
        Assert.True(ListenerAddress.TryParse("http://0.0.0.0:8081", out var address, out var error), error);
        Assert.Equal((System.Net.IPAddress.Any, 8081), (address.Address, address.Port));
    }
}
