using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Cluster;

/// <summary>The fake API server answers KubernetesClient the way a real one does: the tests of the cluster target rest on it.</summary>
public sealed class FakeApiServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Manifests = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ecommerce
          labels:
            istio.io/dataplane-mode: ambient
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: customer-service
          namespace: ecommerce
          labels: {app: customer}
        spec:
          replicas: 2
          selector: {matchLabels: {app: customer}}
          template:
            metadata: {labels: {app: customer}}
            spec:
              containers: [{name: app, image: "shop/customer:1.0", ports: [{containerPort: 8080}]}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: order-service
          namespace: ecommerce
          labels: {app: order}
        spec:
          replicas: 1
          selector: {matchLabels: {app: order}}
          template:
            metadata: {labels: {app: order}}
            spec:
              containers: [{name: app, image: "shop/order:1.0"}]
        """;

    [Fact]
    public async Task Seeded_yaml_reads_back_typed_and_lists_honour_label_selectors()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.AddYaml(Manifests);
        var client = ClusterConnection.FromHost(api.Url);

        var all = await client.AppsV1.ListNamespacedDeploymentAsync("ecommerce", cancellationToken: Ct);
        var customers = await client.AppsV1.ListNamespacedDeploymentAsync("ecommerce", labelSelector: "app in (customer)", cancellationToken: Ct);
        var notOrder = await client.AppsV1.ListNamespacedDeploymentAsync("ecommerce", labelSelector: "app!=order", cancellationToken: Ct);

        Assert.Equal(["customer-service", "order-service"], all.Items.Select(d => d.Metadata.Name));
        Assert.Equal(2, Assert.Single(customers.Items).Spec.Replicas);
        Assert.Equal("customer-service", Assert.Single(notOrder.Items).Metadata.Name);
        Assert.False(string.IsNullOrEmpty(all.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Custom_objects_are_created_refused_twice_and_deleted()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.AddYaml(Manifests);
        var client = ClusterConnection.FromHost(api.Url);
        var route = JsonNode.Parse("""{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"twin","labels":{"app.kubernetes.io/managed-by":"ambientverify"}},"spec":{}}""")!;

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(route, "gateway.networking.k8s.io", "v1", "ecommerce", "httproutes", cancellationToken: Ct);
        var again = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CustomObjects.CreateNamespacedCustomObjectAsync(route, "gateway.networking.k8s.io", "v1", "ecommerce", "httproutes", cancellationToken: Ct));
        var listed = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>("gateway.networking.k8s.io", "v1", "ecommerce", "httproutes",
            labelSelector: "app.kubernetes.io/managed-by=ambientverify", cancellationToken: Ct);
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", "ecommerce", "httproutes", "twin", cancellationToken: Ct);

        Assert.Equal(409, (int)again.Response.StatusCode);
        Assert.Equal("httproutes.gateway.networking.k8s.io \"twin\" already exists", StatusMessage(again));
        Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Empty(api.Objects("gateway.networking.k8s.io", "httproutes"));
        Assert.Contains(api.Requests, r => r is { Verb: "create", Group: "gateway.networking.k8s.io", Resource: "httproutes", Namespace: "ecommerce" });
        Assert.Contains(api.Requests, r => r is { Verb: "delete", Name: "twin" });
    }

    [Fact]
    public async Task A_create_in_a_missing_namespace_is_a_404_and_a_removed_group_is_not_served()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.RemoveGroup("networking.istio.io");
        var client = ClusterConnection.FromHost(api.Url);
        var service = new V1Service { Metadata = new V1ObjectMeta { Name = "x" } };

        var noNamespace = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedServiceAsync(service, "shop", cancellationToken: Ct));
        var noCrd = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>("networking.istio.io", "v1", "shop", "virtualservices", cancellationToken: Ct));
        var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken: Ct);

        Assert.Equal("namespaces \"shop\" not found", StatusMessage(noNamespace));
        Assert.Equal(404, (int)noCrd.Response.StatusCode);
        Assert.DoesNotContain(groups.Groups, g => g.Name == "networking.istio.io");
        Assert.Contains(groups.Groups, g => g.Name == "gateway.networking.k8s.io");
    }

    [Fact]
    public async Task A_forbidden_verb_is_refused_in_the_authorizers_words()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.AddYaml(Manifests);
        api.Forbid("list", "", "pods");
        var client = ClusterConnection.FromHost(api.Url);

        var error = await Assert.ThrowsAsync<ClusterAccessException>(() => ClusterConnection.ReadAsync(client, "list", "pods in ecommerce",
            c => c.CoreV1.ListNamespacedPodAsync("ecommerce", cancellationToken: Ct)));
        var deployments = await client.AppsV1.ListNamespacedDeploymentAsync("ecommerce", cancellationToken: Ct);

        Assert.Contains($"pods is forbidden: User \"{FakeApiServer.User}\" cannot list resource \"pods\" in API group \"\" in the namespace \"ecommerce\"", error.Message);
        Assert.Equal(2, deployments.Items.Count);
    }

    [Fact]
    public async Task A_watch_sends_the_current_objects_then_each_change()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.AddYaml(Manifests);
        var client = ClusterConnection.FromHost(api.Url);
        var events = new List<(WatchEventType Type, string Name)>();

        await foreach (var (type, item) in client.AppsV1.WatchListNamespacedDeploymentAsync("ecommerce", cancellationToken: Ct))
        {
            events.Add((type, item.Metadata.Name));
            if (events.Count == 2)
            {
                await client.AppsV1.DeleteNamespacedDeploymentAsync("order-service", "ecommerce", cancellationToken: Ct);
            }

            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "customer-service"), (WatchEventType.Added, "order-service"), (WatchEventType.Deleted, "order-service")], events);
    }

    [Fact]
    public async Task A_merge_patch_changes_only_what_it_names()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.AddYaml(Manifests);
        var client = ClusterConnection.FromHost(api.Url);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"annotations":{"ambientverify.io/expires":"2026-12-02T10:00:00Z"}}}""", V1Patch.PatchType.MergePatch),
            "customer-service", "ecommerce", cancellationToken: Ct);

        Assert.Equal("2026-12-02T10:00:00Z", patched.Metadata.Annotations["ambientverify.io/expires"]);
        Assert.Equal(2, patched.Spec.Replicas);
        Assert.Equal("app", Assert.Single(patched.Spec.Template.Spec.Containers).Name);
    }

    private static string? StatusMessage(HttpOperationException error) =>
        JsonDocument.Parse(error.Response.Content).RootElement.GetProperty("message").GetString();
}
