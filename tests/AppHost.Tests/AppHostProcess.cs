using System.Diagnostics;
using System.Text;
using AmbientVerify.TestSupport;

namespace AmbientVerify.AppHost.Tests;

/// <summary>The AppHost build next to this test's own build (same configuration), run as the separate process a user starts.</summary>
public static class AppHostProcess
{
    public sealed record Finished(int ExitCode, string Stdout, string Stderr);

    public static string Dll => DllOf("AppHost");

    /// <summary>The build output of the solution's project <paramref name="project"/> (AppHost, Probes), same configuration as this test's.</summary>
    public static string DllOf(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(Repository.Root, project, "bin", configuration, "net10.0", $"{project}.dll");
    }

    /// <summary>Starts `dotnet AppHost.dll ARGS` from the repository root, its output read as it comes (never blocking it).</summary>
    public static (Process Process, StringBuilder Stdout, StringBuilder Stderr) Start(params string[] args) => StartDll(Dll, args);

    /// <summary>Starts `dotnet AppHost.dll ARGS` with <paramref name="environment"/> added to this process's own.</summary>
    public static (Process Process, StringBuilder Stdout, StringBuilder Stderr) StartWith(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartDll(Dll, environment, args);

    /// <summary>Starts `dotnet DLL ARGS` from the repository root, its output read as it comes (never blocking it).</summary>
    public static (Process Process, StringBuilder Stdout, StringBuilder Stderr) StartDll(string dll, params string[] args) =>
        StartDll(dll, new Dictionary<string, string>(), args);

    private static (Process Process, StringBuilder Stdout, StringBuilder Stderr) StartDll(string dll, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, stdout, stderr);
    }

    /// <summary>Runs the AppHost to its end and hands back its exit code and output.</summary>
    public static async Task<Finished> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var (process, stdout, stderr) = Start(args);
        using (process)
        {
            await process.WaitForExitAsync(deadline.Token);
            process.WaitForExit(); // the redirected streams are drained
            lock (stdout)
            lock (stderr)
            {
                return new Finished(process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }
}
