using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace AmbientVerify.AppHost.Tests.Cluster;

/// <summary>
/// <c>dotnet Probes.dll gate --target cluster</c> against a <see cref="ClusterDressedLocalMesh"/>, as a child process
/// (the one a pipeline starts): its kubeconfig, namespace, the local gateway as <c>--gateway</c>, its own output directory.
/// </summary>
public sealed class ClusterGateProcess : IDisposable
{
    private readonly StringBuilder stdout;
    private readonly StringBuilder stderr;

    private ClusterGateProcess(Process process, StringBuilder stdout, StringBuilder stderr, string output)
    {
        Process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        Output = output;
    }

    public Process Process { get; }
    public string Output { get; }
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>What the process wrote so far (stdout, then stderr).</summary>
    public string Log
    {
        get
        {
            lock (stdout)
            lock (stderr)
            {
                return $"{stdout}\n--- stderr ---\n{stderr}";
            }
        }
    }

    public static ClusterGateProcess Start(ClusterDressedLocalMesh mesh, string runId, params string[] extra)
    {
        var output = ScratchDirectory.NewPath($"ambientverify-cluster-gate-{runId}");
        var (process, stdout, stderr) = AppHostProcess.StartDll(AppHostProcess.DllOf("Probes"),
        [
            "gate", "--target", "cluster", "--gateway", mesh.Gateway.ToString(), "--kubeconfig", mesh.Kubeconfig,
            "--namespace", ClusterDressedLocalMesh.Namespace, "--run-id", runId, "--output", output,
            // Several processes share two cores here: as in the local gate tests (GateHarness).
            "--tolerance", "1500ms", .. extra,
        ]);
        return new ClusterGateProcess(process, stdout, stderr, output);
    }

    /// <summary>Waits for the end; the exit code and report.json (null when none was written).</summary>
    public async Task<(int ExitCode, JsonDocument? Report)> WaitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the cluster gate did not end within {timeout}:\n{Log}");
        }

        Process.WaitForExit();
        var report = Path.Combine(Output, "report.json");
        return (Process.ExitCode, File.Exists(report) ? JsonDocument.Parse(await File.ReadAllTextAsync(report)) : null);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
