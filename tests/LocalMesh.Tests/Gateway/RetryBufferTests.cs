using System.Net;
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests.Model;
using static AmbientVerify.TestSupport.Routes;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>
/// Envoy's retry buffer (router.cc Filter::decodeData): a body that outgrows it is not refused; the request loses
/// its retries and the body streams on to its one try.
/// </summary>
public sealed class RetryBufferTests
{
    private const string Path = "/api/customers/1";
    private const int Limit = 16 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(GatewayHost Gateway, ScriptedBackend Backend)> StartAsync(Func<int, BackendAction> script)
    {
        var backend = await ScriptedBackend.StartAsync(script);
        var gateway = await GatewayHost.StartAsync(
            [VirtualService(retries: new VirtualServiceRetries(3, null, "5xx"))],
            new Dictionary<string, Uri> { [Backend] = backend.Address },
            settings: new Dictionary<string, string?> { ["LocalMesh:MaxBufferedRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return (gateway, backend);
    }

    private static HttpContent Body(int bytes, bool chunked)
    {
        var payload = new string('x', bytes);
        return chunked ? new StreamContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(payload))) : new StringContent(payload);
    }

    // (body bytes, chunked, tries): "> limit" overflows, so a body of exactly the limit is still retried.
    [Theory]
    [InlineData(Limit, false, 2)]
    [InlineData(Limit, true, 2)]
    [InlineData(Limit + 1, false, 1)]
    [InlineData(4 * Limit, true, 1)]
    public async Task Body_over_the_retry_buffer_is_sent_once_without_retries_and_never_refused(int bytes, bool chunked, int tries)
    {
        var (gateway, backend) = await StartAsync(n => BackendAction.Status(n == 1 ? 503 : 200));
        await using var _ = gateway;
        await using var __ = backend;

        using var response = await gateway.Client.PostAsync(Path, Body(bytes, chunked), Ct);

        // The one try's own answer, passed on as is.
        Assert.Equal(tries == 1 ? "try 1: 503" : "try 2: 200", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(tries, backend.Tries);
        Assert.All(backend.Requests, request => Assert.Equal($"POST {Path} ".Length + bytes, request.Length));
    }

    [Fact]
    public async Task Default_retry_buffer_is_envoys_one_mebibyte()
    {
        Assert.Equal(1024 * 1024, new LocalMeshOptions().MaxBufferedRequestBodyBytes);
        var backend = await ScriptedBackend.StartAsync(n => BackendAction.Status(n == 1 ? 503 : 200));
        await using var _ = backend;
        await using var gateway = await GatewayHost.StartAsync(
            [VirtualService(retries: new VirtualServiceRetries(3, null, "5xx"))], new Dictionary<string, Uri> { [Backend] = backend.Address });

        using var response = await gateway.Client.PostAsync(Path, Body(1024 * 1024 + 1, chunked: false), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("try 1: 503", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, backend.Tries);
    }
}
