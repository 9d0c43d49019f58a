using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// Create, replace, list, get and delete of the kinds in <see cref="TwinKind"/> as JSON objects, through the typed
/// KubernetesClient calls for the core and apps kinds and the custom-object calls for the CRDs. A refusal becomes a
/// <see cref="ClusterAccessException"/> in <see cref="ClusterConnection.Describe"/>'s words naming the verb and the
/// resource (a 403 on create says what the Role lacks).
/// </summary>
internal sealed class TwinObjectApi(IKubernetes client)
{
    /// <summary>Creates <paramref name="item"/>; false when it exists already (409), so the caller may replace it.</summary>
    public async Task<bool> TryCreateAsync(JsonObject item, string ns, CancellationToken ct)
    {
        var kind = TwinKind.Of(item);
        try
        {
            await Call("create", kind, ns, async () =>
            {
                if (kind == TwinKind.Service)
                {
                    await client.CoreV1.CreateNamespacedServiceAsync(Typed<V1Service>(item), ns, cancellationToken: ct).ConfigureAwait(false);
                }
                else if (kind == TwinKind.Deployment)
                {
                    await client.AppsV1.CreateNamespacedDeploymentAsync(Typed<V1Deployment>(item), ns, cancellationToken: ct).ConfigureAwait(false);
                }
                else
                {
                    await client.CustomObjects.CreateNamespacedCustomObjectAsync(item, kind.Group, kind.Version, ns, kind.Plural, cancellationToken: ct).ConfigureAwait(false);
                }

                return true;
            }, HttpStatusCode.Conflict).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Replaces the stored object with <paramref name="item"/> (PUT with the stored resourceVersion; a Service keeps its clusterIP, which is immutable).</summary>
    public async Task ReplaceAsync(JsonObject item, string ns, CancellationToken ct)
    {
        var kind = TwinKind.Of(item);
        var name = TwinKind.NameOf(item);
        var stored = await GetAsync(kind, ns, name, ct).ConfigureAwait(false)
                     ?? throw new TwinException($"{kind.Kind} {ns}/{name} answered 409 on create but is gone on read: run again");
        var body = (JsonObject)item.DeepClone();
        body["metadata"]!["resourceVersion"] = stored["metadata"]?["resourceVersion"]?.DeepClone();
        if (kind == TwinKind.Service && stored["spec"]?["clusterIP"] is { } clusterIp)
        {
            body["spec"]!["clusterIP"] = clusterIp.DeepClone();
        }

        await Call("update", kind, ns, async () =>
        {
            if (kind == TwinKind.Service)
            {
                await client.CoreV1.ReplaceNamespacedServiceAsync(Typed<V1Service>(body), name, ns, cancellationToken: ct).ConfigureAwait(false);
            }
            else if (kind == TwinKind.Deployment)
            {
                await client.AppsV1.ReplaceNamespacedDeploymentAsync(Typed<V1Deployment>(body), name, ns, cancellationToken: ct).ConfigureAwait(false);
            }
            else
            {
                await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(body, kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            }

            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>The stored object, or null when there is none (404).</summary>
    public async Task<JsonObject?> GetAsync(TwinKind kind, string ns, string name, CancellationToken ct)
    {
        try
        {
            return await Call("get", kind, ns, async () => kind == TwinKind.Service
                ? Json(await client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct).ConfigureAwait(false))
                : kind == TwinKind.Deployment
                    ? Json(await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct).ConfigureAwait(false))
                    : Json(await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)),
                HttpStatusCode.NotFound).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The objects of <paramref name="kind"/> matching <paramref name="labelSelector"/>; none when the CRD is not installed (404).</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(TwinKind kind, string ns, string labelSelector, CancellationToken ct)
    {
        try
        {
            var list = await Call("list", kind, ns, async () => kind == TwinKind.Service
                ? Json(await client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false))
                : kind == TwinKind.Deployment
                    ? Json(await client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false))
                    : Json(await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(kind.Group, kind.Version, ns, kind.Plural, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false)),
                HttpStatusCode.NotFound).ConfigureAwait(false);
            return list["items"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
    }

    /// <summary>Deletes the object; false when it was already gone (404).</summary>
    public async Task<bool> DeleteAsync(TwinKind kind, string ns, string name, CancellationToken ct)
    {
        try
        {
            await Call("delete", kind, ns, async () =>
            {
                if (kind == TwinKind.Service)
                {
                    await client.CoreV1.DeleteNamespacedServiceAsync(name, ns, cancellationToken: ct).ConfigureAwait(false);
                }
                else if (kind == TwinKind.Deployment)
                {
                    // Background propagation: the ReplicaSet and pods go with it (kubectl's default).
                    await client.AppsV1.DeleteNamespacedDeploymentAsync(name, ns, propagationPolicy: "Background", cancellationToken: ct).ConfigureAwait(false);
                }
                else
                {
                    await client.CustomObjects.DeleteNamespacedCustomObjectAsync(kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: ct).ConfigureAwait(false);
                }

                return true;
            }, HttpStatusCode.NotFound).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs one call; an API refusal other than <paramref name="passThrough"/> becomes the connection's words for
    /// "<paramref name="verb"/> <see cref="TwinKind.Resource"/> in <paramref name="ns"/>".
    /// </summary>
    private async Task<T> Call<T>(string verb, TwinKind kind, string ns, Func<Task<T>> call, HttpStatusCode? passThrough = null)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode != passThrough)
        {
            throw new ClusterAccessException(ClusterConnection.Describe(client, verb, $"{kind.Resource} in {ns}", e.Response.StatusCode, e.Response.Content), e);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterAccessException($"the API server {client.BaseUri} is unreachable ({e.Message}) on {verb} {kind.Resource} in {ns}: check --kubeconfig / --context and the network", e);
        }
    }

    private static T Typed<T>(JsonObject item) => KubernetesJson.Deserialize<T>(item.ToJsonString());

    private static JsonObject Json<T>(T value) =>
        JsonNode.Parse(value is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(value))!.AsObject();
}
