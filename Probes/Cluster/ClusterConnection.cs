using System.Net;
using System.Net.Http;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace AmbientVerify.Probes.Cluster;

/// <summary>Why the cluster could not be read, in words that say what to fix (never a token or a secret).</summary>
public sealed class ClusterAccessException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The way to the cluster's API server (first step of the cluster target, issue 10): a KubernetesClient from a
/// kubeconfig (<c>--kubeconfig</c>, <c>--context</c>), the in-cluster service account, or a URL (the tests' fake API
/// server), and the one place that turns the API server's refusals into specific messages.
/// </summary>
public static class ClusterConnection
{
    /// <summary>A client for <paramref name="kubeconfig"/> / <paramref name="context"/>; the in-cluster account when inside a pod and no file is given.</summary>
    /// <exception cref="ClusterAccessException">No kubeconfig, or it lacks the context.</exception>
    public static IKubernetes FromKubeconfig(string? kubeconfig, string? context)
    {
        try
        {
            var configuration = kubeconfig is null && KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
            return new Kubernetes(configuration);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ClusterAccessException($"cannot use the kubeconfig {kubeconfig ?? "(default ~/.kube/config)"}{(context is null ? "" : $" context {context}")}: {e.Message}", e);
        }
    }

    /// <summary>A client for an API server at <paramref name="host"/> (the tests' fake API server; a token only when given).</summary>
    public static IKubernetes FromHost(Uri host, string? bearerToken = null) =>
        new Kubernetes(new KubernetesClientConfiguration { Host = host.ToString(), AccessToken = bearerToken });

    /// <summary>
    /// Runs one read of the API server; a refusal becomes a <see cref="ClusterAccessException"/> naming the
    /// <paramref name="verb"/> and <paramref name="resource"/> it was for (what a Role must grant on a 403).
    /// </summary>
    public static async Task<T> ReadAsync<T>(IKubernetes client, string verb, string resource, Func<IKubernetes, Task<T>> read)
    {
        try
        {
            return await read(client).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new ClusterAccessException(Describe(client, verb, resource, e.Response.StatusCode, e.Response.Content), e);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterAccessException($"the API server {client.BaseUri} is unreachable ({e.Message}): check --kubeconfig / --context and the network", e);
        }
    }

    /// <summary>The words for a refused request; the API server's own <c>Status.message</c> when it sent one.</summary>
    public static string Describe(IKubernetes client, string verb, string resource, HttpStatusCode status, string? body)
    {
        var serverSays = StatusMessage(body) is { } message ? $" (the API server says: {message})" : "";
        return status switch
        {
            HttpStatusCode.Unauthorized =>
                $"the API server {client.BaseUri} refused the credentials (401 Unauthorized){serverSays}: they are missing or expired; log in again or renew the kubeconfig's token",
            HttpStatusCode.Forbidden =>
                $"the credentials may not {verb} {resource} (403 Forbidden){serverSays}: grant '{verb}' on '{resource}' to this user or service account (deploy/ has the least-privilege Role)",
            HttpStatusCode.NotFound =>
                $"{resource} was not found (404){serverSays}: a missing namespace, object or CRD",
            _ => $"the API server answered {(int)status} to {verb} {resource}{serverSays}",
        };
    }

    // A Kubernetes error body is a Status object: {"kind":"Status","status":"Failure","message":"...","reason":"Forbidden","code":403}.
    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message)
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
