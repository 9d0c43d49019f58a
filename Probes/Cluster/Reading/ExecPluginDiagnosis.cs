using System.Diagnostics;
using k8s;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>
/// Why a kubeconfig's exec credential plugin failed, in its own words. KubernetesClient only says it could not
/// deserialise the plugin's stdout (<c>external exec failed due to failed deserialization process</c>), not the
/// exit code or what the plugin wrote to stderr, which is where plugins say "run login again". This runs the plugin
/// once more, as KubernetesClient does (command, args, env), and reports its exit code and stderr; stdout is never
/// shown, because on success it holds the credential.
/// </summary>
public static class ExecPluginDiagnosis
{
    /// <summary>How long the plugin may take before it is called stuck.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private const int MaxStderr = 500;

    /// <summary>The plugin's words for <paramref name="kubeconfig"/> / <paramref name="context"/>; null when its user has no exec plugin or it cannot be told.</summary>
    public static async Task<string?> DescribeAsync(string? kubeconfig, string? context, CancellationToken ct)
    {
        k8s.KubeConfigModels.ExternalExecution? exec;
        try
        {
            var config = await KubernetesClientConfiguration.LoadKubeConfigAsync(
                kubeconfig ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")).ConfigureAwait(false);
            var contextName = context ?? config.CurrentContext;
            var user = config.Contexts?.FirstOrDefault(c => c.Name == contextName)?.ContextDetails?.User;
            exec = config.Users?.FirstOrDefault(u => u.Name == user)?.UserCredentials?.ExternalExecution;
        }
        catch (Exception e) when (e is IOException or k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException or UnauthorizedAccessException)
        {
            return null;
        }

        if (exec?.Command is not { Length: > 0 } command)
        {
            return null;
        }

        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in exec.Arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in exec.EnvironmentVariables ?? [])
        {
            if (variable.TryGetValue("name", out var name) && variable.TryGetValue("value", out var value))
            {
                start.Environment[name] = value;
            }
        }

        try
        {
            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = await process.StandardError.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
            await stdout.ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var words = stderr.Trim();
            words = words.Length > MaxStderr ? words[..MaxStderr] + "…" : words;
            return process.ExitCode != 0
                ? $"the kubeconfig's exec plugin {command} failed (exit code {process.ExitCode}){(words.Length > 0 ? $": {words}" : "")}; log in again with the plugin's own login, or fix users[].user.exec"
                : $"the kubeconfig's exec plugin {command} exited 0 but did not print an ExecCredential JSON (client.authentication.k8s.io) on stdout{(words.Length > 0 ? $"; it said: {words}" : "")}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"the kubeconfig's exec plugin {command} did not finish within {Timeout.TotalSeconds:0}s (is it waiting for an interactive login?)";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"the kubeconfig's exec plugin {command} could not be started ({e.Message}){(exec.InstallHint is { Length: > 0 } hint ? $": {hint}" : "")}";
        }
    }
}
