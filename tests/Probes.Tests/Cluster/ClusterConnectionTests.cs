using k8s;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Cluster;

/// <summary>KubernetesClient against a fake API server: an object reads back; each refusal gets its own words.</summary>
public sealed class ClusterConnectionTests
{
    [Fact]
    public async Task A_namespace_reads_back_with_its_labels_through_kubernetes_client()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.AddNamespace("ecommerce", new Dictionary<string, string> { ["istio.io/dataplane-mode"] = "ambient" });
        var client = ClusterConnection.FromHost(api.Url, bearerToken: "test-token");

        var ns = await ClusterConnection.ReadAsync(client, "get", "namespaces/ecommerce",
            c => c.CoreV1.ReadNamespaceAsync("ecommerce", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("ambient", ns.Metadata.Labels["istio.io/dataplane-mode"]);
        Assert.Equal("Bearer test-token", api.LastAuthorization);
    }

    [Theory]
    [InlineData(401, "refused the credentials (401 Unauthorized)", "log in again or renew the kubeconfig's token")]
    [InlineData(403, "may not get namespaces/ecommerce (403 Forbidden)", "grant 'get' on 'namespaces/ecommerce'")]
    [InlineData(500, "answered 500 to get namespaces/ecommerce", "an error on the server")]
    public async Task A_refusal_names_what_was_refused_and_what_to_do(int code, string words, string remedy)
    {
        await using var api = await FakeApiServer.StartAsync();
        api.RefuseWith = code;
        var client = ClusterConnection.FromHost(api.Url, bearerToken: "secret-token-value");

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => ClusterConnection.ReadAsync(client, "get", "namespaces/ecommerce",
            c => c.CoreV1.ReadNamespaceAsync("ecommerce", cancellationToken: TestContext.Current.CancellationToken)));

        Assert.Contains(words, error.Message);
        Assert.Contains(remedy, error.Message);
        Assert.DoesNotContain("secret-token-value", error.Message);
    }

    [Fact]
    public async Task A_missing_namespace_is_a_404_with_the_api_servers_words()
    {
        await using var api = await FakeApiServer.StartAsync();
        var client = ClusterConnection.FromHost(api.Url);

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => ClusterConnection.ReadAsync(client, "get", "namespaces/shop",
            c => c.CoreV1.ReadNamespaceAsync("shop", cancellationToken: TestContext.Current.CancellationToken)));

        Assert.Equal("namespaces/shop was not found (404) (the API server says: namespaces \"shop\" not found): a missing namespace, object or CRD", error.Message);
    }

    [Fact]
    public async Task An_unreachable_api_server_is_named()
    {
        var client = ClusterConnection.FromHost(LoopbackPorts.ClosedUrl());

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => ClusterConnection.ReadAsync(client, "get", "namespaces/ecommerce",
            c => c.CoreV1.ReadNamespaceAsync("ecommerce", cancellationToken: TestContext.Current.CancellationToken)));

        Assert.StartsWith($"the API server {client.BaseUri} is unreachable", error.Message);
    }

    [Fact]
    public void A_kubeconfig_that_does_not_exist_is_named()
    {
        var error = Assert.Throws<ClusterAccessException>(() => ClusterConnection.FromKubeconfig("/nonexistent/kubeconfig", "prod"));

        Assert.StartsWith("cannot use the kubeconfig /nonexistent/kubeconfig context prod: ", error.Message);
    }
}
