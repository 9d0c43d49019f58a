using System.CommandLine;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Resources;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>snapshot</c>: the dataplane's requests and limits for one mode, from the manifests and Istio's defaults, written
/// as <c>snapshot-&lt;mode&gt;.json</c>. Exit 0, or 2 with every problem (bad option, unreadable manifests or load file).
/// Usage is added by whoever samples the processes (<see cref="LocalUsage"/>), not by this verb.
/// </summary>
internal static class SnapshotCommand
{
    public const string Name = "snapshot";

    public static Command Create()
    {
        var mode = new Option<string?>("--mode") { Description = "sidecar | ambient (required)" };
        var manifests = new Option<string?>("--manifests") { Description = "Directory of rendered manifests (required)" };
        var sizingOptions = new DataplaneSizingOptions();
        var load = new Option<string?>("--load") { Description = "LoadTests' load.json to include (per scenario rps, ok/fail, latency)" };
        var output = new Option<string?>("--output") { Description = "Directory for snapshot-<mode>.json (default artifacts)" };
        var command = new Command(Name, "Write the dataplane's requests and limits for one mode (snapshot-<mode>.json)")
        {
            mode, manifests, load, output,
        };
        foreach (var option in sizingOptions.All)
        {
            command.Add(option);
        }

        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(async (parsed, _) =>
        {
            var errors = parsed.UnmatchedTokens.Select(t => $"unknown option or argument '{t}' (see {Name} --help)").ToList();
            var meshMode = parsed.GetValue(mode) switch
            {
                "sidecar" => MeshMode.Sidecar,
                "ambient" => MeshMode.Ambient,
                var other => Error<MeshMode?>(errors, other is null ? "--mode is required: sidecar | ambient" : $"--mode '{other}' is not sidecar | ambient"),
            };
            var directory = parsed.GetValue(manifests) ?? Error<string>(errors, "--manifests is required: the directory of rendered manifests");
            var sizing = sizingOptions.Bind(parsed, errors);

            IReadOnlyList<LoadFigures> loadFigures = [];
            MeshManifests? mesh = null;
            try
            {
                if (parsed.GetValue(load) is { } loadPath)
                {
                    loadFigures = LoadFiguresFile.Read(loadPath);
                }

                if (errors.Count == 0)
                {
                    mesh = MeshManifests.LoadDirectory(directory!);
                }
            }
            catch (Exception e) when (e is ResourceFileException or ManifestException)
            {
                errors.Add(e.Message);
            }

            ResourceSnapshot? snapshot = null;
            try
            {
                snapshot = mesh is null || meshMode is null ? null : ResourceSnapshotBuilder.FromManifests(mesh, meshMode.Value, sizing);
            }
            catch (ManifestException e)
            {
                errors.Add(e.Message);
            }

            if (errors.Count > 0 || snapshot is null)
            {
                await Console.Error.WriteLineAsync($"{Name}: " + string.Join(Environment.NewLine + $"{Name}: ", errors)).ConfigureAwait(false);
                return GateExitCode.Error;
            }

            snapshot = ResourceSnapshotBuilder.WithLoad(snapshot, loadFigures);
            var path = ResourceSnapshotFile.Write(snapshot, parsed.GetValue(output) ?? "artifacts");
            var sidecars = snapshot.OfKind(ComponentKinds.Sidecar).ToList();
            Console.WriteLine($"{snapshot.Mode.ToString().ToLowerInvariant()}: {sidecars.Count} sidecars, {snapshot.OfKind(ComponentKinds.Ztunnel).Count()} ztunnel, "
                              + $"{snapshot.OfKind(ComponentKinds.IstioCni).Count()} istio-cni on {snapshot.NodeCount} nodes; written to {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }

    private static T? Error<T>(List<string> errors, string message)
    {
        errors.Add(message);
        return default;
    }
}
