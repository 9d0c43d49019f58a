using System.Diagnostics;
using System.Globalization;

namespace AmbientVerify.AppHost;

/// <summary>
/// <c>--compare</c>: what the move from sidecars to ambient saves and costs, measured the same way on both sides. The
/// before manifests (sidecar) and then the after manifests (ambient) each get their own local mesh and the same load
/// (LoadTests, open model, same rate, duration and shop mix); while it runs, LoadTests samples every process of the mesh
/// from /proc and writes the mode's resource snapshot. Then <c>Probes compare</c> turns the two snapshots into
/// compare.json and compare.md. One mesh at a time: two at once would share the machine's cores and skew both.
/// </summary>
public static class CompareRun
{
    public const string LoadResourceName = "loadtests";

    /// <summary>LoadTests' exit code when the load ran but some requests failed (LoadTests/README.md).</summary>
    private const int LoadSomeFailed = 1;

    /// <summary>A phase that has not finished by then is stuck (the load is bounded by <see cref="AppHostOptions.MaxLoadDuration"/>).</summary>
    private static readonly TimeSpan StartAndDrainAllowance = TimeSpan.FromMinutes(5);

    /// <summary>One side of the comparison: its label (the output subfolder), its manifests and the mode they must be in.</summary>
    public sealed record Phase(string Label, string ManifestDirectory, string Mode)
    {
        /// <summary>Where LoadTests writes this side's load report and snapshot.</summary>
        public string OutputDirectory(string output) => Path.Combine(output, Label);

        /// <summary>The snapshot LoadTests writes for this side.</summary>
        public string SnapshotFile(string output) => Path.Combine(OutputDirectory(output), $"snapshot-{Mode}.json");
    }

    public static IReadOnlyList<Phase> Phases(AppHostOptions options, string appHostDirectory)
    {
        var (before, after) = options.ResolveCompareDirectories(appHostDirectory);
        return [new Phase("before", before, "sidecar"), new Phase("after", after, "ambient")];
    }

    public static async Task<int> RunAsync(AppHostOptions options, string appHostDirectory)
    {
        var output = Path.GetFullPath(options.Output);
        IReadOnlyList<Phase> phases;
        try
        {
            phases = Phases(options, appHostDirectory);
            BuiltProject.RequireBuilt(new Projects.FaultTarget(), new Projects.LocalMesh(), new Projects.Probes(), new Projects.LoadTests());
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"ambientverify compare: {error.Message}");
            return GateExitCodes.CouldNotRun;
        }

        // Both sides are read and validated before either starts: a broken after-state must not cost a full before-run.
        var targets = new List<(Phase Phase, LocalTarget Target)>();
        foreach (var phase in phases)
        {
            try
            {
                targets.Add((phase, LocalTarget.Load(options with { Manifests = phase.ManifestDirectory, Expect = phase.Mode }, appHostDirectory)));
            }
            catch (Exception error) when (error is ArgumentException or AmbientVerify.Manifests.ManifestException)
            {
                Console.Error.WriteLine($"ambientverify compare: the {phase.Label} manifests ({phase.ManifestDirectory}): {error.Message}");
                return GateExitCodes.CouldNotRun;
            }
        }

        Console.WriteLine($"ambientverify compare: {options.LoadRate.ToString(CultureInfo.InvariantCulture)} requests/s for {AmbientVerify.Manifests.Durations.Format(options.LoadDuration)} " +
                          $"through each mesh, {options.Nodes.ToString(CultureInfo.InvariantCulture)} nodes assumed; reports in {output}");
        foreach (var (phase, target) in targets)
        {
            Console.WriteLine($"ambientverify compare: {phase.Label} ({phase.Mode}): {target.StandIns.Count} stand-in services from {phase.ManifestDirectory}");
            var exitCode = await RunPhaseAsync(options, phase, target, output);
            if (exitCode == LoadSomeFailed)
            {
                // The figures are still those of this load; the failures are in them (load.md, compare.md).
                Console.Error.WriteLine($"ambientverify compare: some {phase.Label} requests failed; the comparison counts them (see {phase.OutputDirectory(output)}/load.md).");
            }
            else if (exitCode != 0)
            {
                Console.Error.WriteLine($"ambientverify compare: the {phase.Label} load ended with exit code {exitCode}; no comparison was written.");
                return GateExitCodes.CouldNotRun;
            }
        }

        return await CompareSnapshotsAsync(phases, output);
    }

    private static async Task<int> RunPhaseAsync(AppHostOptions options, Phase phase, LocalTarget target, string output)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = options.Remaining,
            // Nobody looks at a dashboard during a measurement, and it would cost the machine CPU beside the mesh.
            DisableDashboard = true,
        });
        builder.Services.QuietStartUpLogs();

        var mesh = LocalMeshResources.Add(builder, options, target);
        builder.AddBuiltProject<Projects.LoadTests>(LoadResourceName)
            .WithArgs(context => LoadArguments.Add(context.Args, options, phase, target, mesh, output))
            .WaitForStartOfAll(mesh.Processes.Select(process => process.Process));

        using var app = builder.Build();
        ProbesConsoleEcho.Start(app, LoadResourceName);
        return await GateRun.RunToExitAsync(app, target, LoadResourceName, options.LoadDuration + StartAndDrainAllowance,
            "ambientverify compare", $"the {phase.Label} load did not finish in time");
    }

    /// <summary>Runs <c>Probes compare</c> on the two snapshots (a short process: no mesh is needed any more).</summary>
    private static async Task<int> CompareSnapshotsAsync(IReadOnlyList<Phase> phases, string output)
    {
        var (command, arguments, directory) = BuiltProject.Launcher(new Projects.Probes());
        var start = new ProcessStartInfo(command) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var argument in arguments.Concat(["compare", phases[0].SnapshotFile(output), phases[1].SnapshotFile(output), "--output", output]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        await process.WaitForExitAsync();
        Console.WriteLine(process.ExitCode == 0
            ? $"ambientverify compare: compare.md and compare.json in {output}"
            : $"ambientverify compare: Probes compare ended with exit code {process.ExitCode}; see its message above.");
        return process.ExitCode == 0 ? GateExitCodes.Passed : GateExitCodes.CouldNotRun;
    }
}
