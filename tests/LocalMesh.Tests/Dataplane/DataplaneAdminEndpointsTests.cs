using System.Net;
using System.Net.Http.Json;
using AmbientVerify.LocalMesh.Dataplane;
using AmbientVerify.LocalMesh.Tests.Support;

namespace AmbientVerify.LocalMesh.Tests.Dataplane;

/// <summary>The admin API a sidecar (and the ztunnel) serves: five GET paths, Istio's metrics format, nothing else.</summary>
public sealed class DataplaneAdminEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/health", DataplaneAdminEndpoints.TextContentType, "healthy")]
    [InlineData("/alive", DataplaneAdminEndpoints.TextContentType, "alive")]
    [InlineData("/metrics", IstioTcpMetrics.ContentType, "# EOF")]
    public async Task Each_admin_path_answers_in_its_format(string path, string contentType, string bodyPart)
    {
        await using var sidecar = await StartSidecarAsync();

        using var response = await sidecar.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.Contains(bodyPart, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_workloads_view_is_json_in_camel_case()
    {
        await using var sidecar = await StartSidecarAsync();

        using var json = await sidecar.Client.GetFromJsonAsync<System.Text.Json.JsonDocument>("/workloads", Ct);

        Assert.Equal("customer-service-0", json!.RootElement[0].GetProperty("podName").GetString());
    }

    [Fact]
    public async Task The_process_identity_names_this_process_as_the_sidecar_of_its_pod()
    {
        await using var sidecar = await StartSidecarAsync();

        var identity = await sidecar.Client.GetFromJsonAsync<Microsoft.Extensions.Hosting.ProcessIdentity>(Microsoft.Extensions.Hosting.ProcessIdentity.Path, Ct);

        // The host runs in this test process: the id the resource snapshot samples /proc by is this one.
        Assert.Equal(new Microsoft.Extensions.Hosting.ProcessIdentity(Environment.ProcessId, "sidecar", "ecommerce/customer-service-0"), identity);
    }

    [Fact]
    public async Task An_unknown_path_is_404_naming_the_admin_paths()
    {
        await using var sidecar = await StartSidecarAsync();

        using var response = await sidecar.Client.GetAsync("/stats/prometheus", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("/metrics, /workloads, /health, /alive, /__process", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Only_get_and_head_are_answered()
    {
        await using var sidecar = await StartSidecarAsync();

        using var post = await sidecar.Client.PostAsync("/health", content: null, Ct);
        using var head = await sidecar.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health"), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow.Order());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    private static async Task<SidecarUnderTest> StartSidecarAsync()
    {
        var manifests = MeshManifestsDirectory.Create(MeshManifestsDirectory.Injection);
        var ca = TestCa.Create();
        var host = await LocalMeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["LocalMesh:Mode"] = "sidecar",
            ["LocalMesh:Manifests"] = manifests.Path,
            ["LocalMesh:MeshCa"] = ca.Directory,
            ["LocalMesh:Sidecar:Workload"] = "customer-service",
            ["LocalMesh:Sidecar:Pod"] = "customer-service-0",
        });
        return new SidecarUnderTest(host, manifests, ca);
    }

    private sealed class SidecarUnderTest(LocalMeshHost host, MeshManifestsDirectory manifests, TestCa ca) : IAsyncDisposable
    {
        public HttpClient Client => host.Client;

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            manifests.Dispose();
            ca.Dispose();
        }
    }
}
