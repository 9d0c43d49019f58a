using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using AmbientVerify.AppHost;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// Runs the real AppHost in gate mode (stand-ins, LocalMesh gateway, Probes as separate processes, exactly as
/// `dotnet run --project AppHost -- --gate` does) and hands back the gate's exit code and report.json.
/// </summary>
public static class GateHarness
{
    public sealed record GateResult(int ExitCode, JsonDocument Report, string OutputDirectory)
    {
        public IReadOnlyList<JsonElement> Cases => [.. Report.RootElement.GetProperty("results").EnumerateArray()];

        public IReadOnlyList<JsonElement> CasesOf(string check) =>
            [.. Cases.Where(c => c.GetProperty("check").GetString() == check)];

        public string Verdict(string route, string caseName) =>
            Cases.Single(c => c.GetProperty("route").GetString() == route && c.GetProperty("case").GetString() == caseName)
                .GetProperty("verdict").GetString()!;
    }

    public static async Task<GateResult> RunAsync(params string[] extraArgs)
    {
        var output = ScratchDirectory.NewPath("ambientverify-e2e");
        // Several AppHosts share two cores here, so timing is noisier than in a real gate: the tests check that the
        // timeout happens at the right limit (30 s, not 20 s or 10 s); precision is measured by scripts/measure-gates.sh.
        string[] args = ["--gate", "--output", output, "--Probes:Tolerance=1500ms", .. extraArgs];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        var exitCode = await GateRun.WaitForExitAsync(app, LocalTarget.ProbesResourceName, timeout.Token);
        await app.StopAsync(timeout.Token);
        await RemoveMeshCaAsync(builder);

        var reportPath = Path.Combine(output, "report.json");
        Assert.True(File.Exists(reportPath), $"the gate wrote no report.json (exit code {exitCode})");
        return new GateResult(exitCode, JsonDocument.Parse(await File.ReadAllTextAsync(reportPath, timeout.Token)), output);
    }

    /// <summary>
    /// The run's mesh CA (its private key included): `--gate` removes it when it ends, but under the testing factory
    /// that clean-up runs on the entry point's own continuation, which a test process may outlive; remove it here too.
    /// </summary>
    internal static async Task RemoveMeshCaAsync(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var resource in builder.Resources.OfType<ExecutableResource>())
        {
            if ((await ResourceEnvironment.OfAsync(resource)).TryGetValue("LocalMesh__MeshCa", out var directory) && Directory.Exists(directory))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (DirectoryNotFoundException)
                {
                    // The gate's own clean-up got there first.
                }
            }
        }
    }
}
