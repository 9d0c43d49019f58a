using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AmbientVerify.FaultTarget.Endpoints;
using AmbientVerify.FaultTarget.Faults;

namespace AmbientVerify.FaultTarget.Tests.Http;

/// <summary>
/// A tries read by request value: any request carrying x-ambientverify-tries answers that uuid's tries document, so
/// the probes can read tries with exactly the case request (method, host, path, headers, query).
/// </summary>
public sealed class TriesReadByHeaderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> CaseRequests => new()
    {
        { "GET", "/api/customers?uuid=case&responseCode=503&succeedAfter=3" },
        { "POST", "/api/orders/7/items?uuid=case&reset=4" },
        { "DELETE", "/api/customers/2?uuid=case&delay=35s" },
        { "GET", "/health" },
    };

    [Theory]
    [MemberData(nameof(CaseRequests))]
    public async Task Any_request_with_the_header_answers_the_tries_document(string method, string pathAndQuery)
    {
        await using var target = await RunningFaultTarget.StartAsync();
        using var _ = await target.Client.GetAsync("/api/customers?uuid=case&responseCode=500", Cancel);

        using var read = await SendAsync(target.Client, method, pathAndQuery, "case");
        var report = await read.Content.ReadFromJsonAsync<TriesEndpoint.TriesReport>(Cancel);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("application/json", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(("case", 1, "500"), (report!.Uuid, report.Count, report.Tries.Single().Outcome));
    }

    [Fact]
    public async Task A_read_by_header_is_not_counted_and_applies_no_fault()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        using var _ = await target.Client.GetAsync("/api/customers?uuid=quiet", Cancel);

        // The case request's own instruction (a reset on every try) rides along and must be ignored.
        using var read = await SendAsync(target.Client, "GET", "/api/customers?uuid=quiet&reset=9", "quiet");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, (await target.GetTriesAsync("quiet")).Count);
    }

    [Fact]
    public async Task The_header_names_the_uuid_even_when_the_path_is_another_tries_read()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        using var _ = await target.Client.GetAsync("/x?uuid=wanted", Cancel);

        using var read = await SendAsync(target.Client, "GET", "/__faults/tries/other", "wanted");
        var report = await read.Content.ReadFromJsonAsync<TriesEndpoint.TriesReport>(Cancel);

        Assert.Equal(("wanted", 1), (report!.Uuid, report.Count));
    }

    [Fact]
    public async Task A_read_by_header_answers_as_the_listeners_service_and_counts_every_service()
    {
        await using var target = await RunningFaultTarget.StartServicesAsync("ecommerce/customer-service", "ecommerce/order-service");
        using var _ = await target.Clients["order-service"].GetAsync("/api/orders?uuid=both", Cancel);
        using var __ = await target.Clients["customer-service"].GetAsync("/api/customers?uuid=both", Cancel);

        using var read = await SendAsync(target.Clients["order-service"], "GET", "/api/orders?uuid=both", "both");
        using var json = await read.Content.ReadFromJsonAsync<JsonDocument>(Cancel);
        var root = json!.RootElement;

        Assert.Equal(("order-service", 2, 1, 1),
            (root.GetProperty("service").GetString(), root.GetProperty("count").GetInt32(),
             root.GetProperty("services").GetProperty("ecommerce/order-service").GetInt32(),
             root.GetProperty("services").GetProperty("ecommerce/customer-service").GetInt32()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-uuid-longer-than-the-protocol-allows-a-uuid-longer-than-the-protocol-allows-a-uuid-longer-than-the-protocol-allows-a-uuid-longer")]
    public async Task A_header_without_a_usable_uuid_is_refused_naming_the_header(string uuid)
    {
        await using var target = await RunningFaultTarget.StartAsync();

        using var read = await SendAsync(target.Client, "GET", "/api/customers", uuid);

        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.Contains(FaultHeaders.TriesRead, await read.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task The_header_with_two_uuids_is_refused()
    {
        await using var target = await RunningFaultTarget.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers");
        request.Headers.TryAddWithoutValidation(FaultHeaders.TriesRead, ["a", "b"]);

        using var read = await target.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.Contains("carries 2 uuids", await read.Content.ReadAsStringAsync(Cancel));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string pathAndQuery, string uuid)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        request.Headers.TryAddWithoutValidation(FaultHeaders.TriesRead, uuid);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { item = "tea" });
        }

        return await client.SendAsync(request, Cancel);
    }
}
