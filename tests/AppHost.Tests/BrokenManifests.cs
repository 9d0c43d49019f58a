using AmbientVerify.TestSupport;
using System.Text.RegularExpressions;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// Deliberately broken meshes, made from a copy of a sample with one change each, so a test shows a check failing
/// for exactly the reason it was broken.
/// </summary>
public static class BrokenManifests
{
    /// <summary>A copy of <paramref name="sample"/> in a fresh temporary directory.</summary>
    public static string CopyOfSample(string sample)
    {
        var source = Repository.Sample(sample);
        var target = ScratchDirectory.NewPath($"ambientverify-{sample}");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    /// <summary>Changes `request: 30s` to <paramref name="timeout"/> in the YAML document that defines <paramref name="routeName"/>.</summary>
    public static void SetRequestTimeout(string directory, string routeName, string timeout)
    {
        var changed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories))
        {
            var documents = Regex.Split(File.ReadAllText(file), @"^---\s*$", RegexOptions.Multiline);
            for (var i = 0; i < documents.Length; i++)
            {
                if (Regex.IsMatch(documents[i], $@"^kind:\s*HTTPRoute\s*$", RegexOptions.Multiline)
                    && Regex.IsMatch(documents[i], $@"^\s+name:\s*{Regex.Escape(routeName)}\s*$", RegexOptions.Multiline))
                {
                    documents[i] = Regex.Replace(documents[i], @"request:\s*30s", $"request: {timeout}");
                    changed++;
                }
            }

            File.WriteAllText(file, string.Join("---", documents));
        }

        Assert.True(changed == 1, $"expected exactly one HTTPRoute named {routeName} in {directory}, changed {changed}");
    }

    /// <summary>Adds an HTTPRoute on the main gateway to a Service that no manifest defines.</summary>
    public static void AddRouteToMissingService(string directory, string path, string serviceName)
    {
        File.WriteAllText(Path.Combine(directory, "99-route-to-missing-service.yaml"), $"""
            # Broken on purpose: {serviceName} has no Service or Deployment.
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: {serviceName}-route
              namespace: ecommerce
            spec:
              parentRefs:
                - name: ecommerce-gateway
              rules:
                - matches:
                    - path:
                        type: PathPrefix
                        value: {path}
                  backendRefs:
                    - name: {serviceName}
                      port: 8080
                  timeouts:
                    request: 30s
                  retry:
                    attempts: 3
                    codes: [500, 502, 503, 504]
            """);
    }

    /// <summary>Adds an annotation to the pod template of <paramref name="service"/>'s Deployment (services/&lt;service&gt;.yaml).</summary>
    public static void AddPodTemplateAnnotation(string directory, string service, string key, string value) =>
        EditOnce(Path.Combine(directory, "services", service + ".yaml"), "      annotations:\n",
            $"      annotations:\n        {key}: \"{value}\"\n");

    /// <summary>Adds a label to the pod template of <paramref name="service"/>'s Deployment.</summary>
    public static void AddPodTemplateLabel(string directory, string service, string key, string value) =>
        EditOnce(Path.Combine(directory, "services", service + ".yaml"), "        version: v1\n",
            $"        version: v1\n        {key}: {value}\n");

    /// <summary>Removes one label line from the Namespace manifest (01-namespace.yaml).</summary>
    public static void RemoveNamespaceLabel(string directory, string labelLine) =>
        EditOnce(Path.Combine(directory, "01-namespace.yaml"), $"    {labelLine}\n", "");

    /// <summary>A PeerAuthentication selecting one workload's pods (app label) with the given mode.</summary>
    public static void AddWorkloadPeerAuthentication(string directory, string service, string mode) =>
        File.WriteAllText(Path.Combine(directory, $"99-peer-authentication-{service}.yaml"), $"""
            # Broken on purpose: {service} accepts plaintext.
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: {service}-{mode.ToLowerInvariant()}
              namespace: ecommerce
            spec:
              selector:
                matchLabels:
                  app: {service}
              mtls:
                mode: {mode}
            """);

    private static void EditOnce(string file, string find, string replacement)
    {
        var text = File.ReadAllText(file);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find.Trim()}' not found in {file}: the sample changed shape");
        File.WriteAllText(file, text[..at] + replacement + text[(at + find.Length)..]);
    }
}
