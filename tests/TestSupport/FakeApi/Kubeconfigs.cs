namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>Kubeconfig files as kubectl reads them, pointing at a fake API server: a token user, or an exec plugin (a shell script printing an ExecCredential).</summary>
public static class Kubeconfigs
{
    public const string Context = "fake-cluster";

    public static string WithToken(string directory, Uri server, string token) =>
        Write(directory, server, $"    token: {token}\n");

    /// <summary>
    /// A user whose credentials come from an exec plugin (client.authentication.k8s.io/v1), as cloud CLIs provide
    /// them; <paramref name="script"/> is the plugin's shell body.
    /// </summary>
    public static string WithExecPlugin(string directory, Uri server, string script)
    {
        var plugin = Path.Combine(directory, "credential-plugin.sh");
        File.WriteAllText(plugin, "#!/bin/sh\n" + script + "\n");
        // Exec plugins are run as programs: the script must be executable (the suite runs on Linux).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return Write(directory, server,
            "    exec:\n" +
            "      apiVersion: client.authentication.k8s.io/v1\n" +
            $"      command: {plugin}\n" +
            "      interactiveMode: Never\n");
    }

    public static string ExecCredential(string token) =>
        $"echo '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"{token}\"}}}}'";

    private static string Write(string directory, Uri server, string user)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path,
            "apiVersion: v1\n" +
            "kind: Config\n" +
            "clusters:\n" +
            "- name: fake\n" +
            "  cluster:\n" +
            $"    server: {server.ToString().TrimEnd('/')}\n" +
            "contexts:\n" +
            $"- name: {Context}\n" +
            "  context:\n" +
            "    cluster: fake\n" +
            "    user: ci\n" +
            $"current-context: {Context}\n" +
            "users:\n" +
            "- name: ci\n" +
            "  user:\n" +
            user);
        return path;
    }
}
