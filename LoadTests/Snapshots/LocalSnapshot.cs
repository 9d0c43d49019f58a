using AmbientVerify.LoadTests.Cli;
using AmbientVerify.LoadTests.Reporting;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Resources;

namespace AmbientVerify.LoadTests.Snapshots;

/// <summary>
/// <c>--snapshot</c>: the mode's resource snapshot, taken around this load. Requests and limits come from the manifests
/// (<see cref="ResourceSnapshotBuilder.FromManifests"/>); usage is sampled from /proc for every <c>--process</c> over the
/// measured window only (it starts after the ramp and warm-up and lasts <c>--duration</c>), so both modes are measured
/// under the same load; the load figures are read back from the load.json just written, by the snapshot's own reader.
/// </summary>
public sealed class LocalSnapshot
{
    /// <summary>Often enough for a peak to show in a short window, rarely enough to cost the sampled processes nothing.</summary>
    private static readonly TimeSpan MaxSampleInterval = TimeSpan.FromMilliseconds(500);

    private readonly ResourceSnapshot _fromManifests;
    private readonly Task<(ResourceSnapshot Snapshot, IReadOnlyList<string> Problems)> _sampling;

    private LocalSnapshot(ResourceSnapshot fromManifests, Task<(ResourceSnapshot, IReadOnlyList<string>)> sampling)
    {
        _fromManifests = fromManifests;
        _sampling = sampling;
    }

    /// <summary>Reads the manifests' requests and limits now and starts sampling; call it just before the load starts.</summary>
    /// <exception cref="ManifestException">The manifests or a proxy resource annotation cannot be read.</exception>
    public static LocalSnapshot Start(LoadSettings settings, HttpClient http, CancellationToken cancellationToken)
    {
        var mode = settings.Mode == "sidecar" ? MeshMode.Sidecar : MeshMode.Ambient;
        var fromManifests = ResourceSnapshotBuilder.FromManifests(MeshManifests.LoadDirectory(settings.ManifestsDirectory), mode, settings.Sizing);
        var interval = settings.Duration / 10 < MaxSampleInterval ? settings.Duration / 10 : MaxSampleInterval;
        return new LocalSnapshot(fromManifests, SampleAsync());

        async Task<(ResourceSnapshot, IReadOnlyList<string>)> SampleAsync()
        {
            await Task.Delay(settings.Ramp + settings.WarmUp, cancellationToken).ConfigureAwait(false);
            return await LocalUsage.SampleAsync(fromManifests, http, settings.Processes, settings.Duration, interval, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the sampling, adds the load figures of <paramref name="loadJson"/>, writes the snapshot.</summary>
    /// <returns>The snapshot's path and every process that could not be sampled (a snapshot is written regardless, saying so).</returns>
    public async Task<(string Path, IReadOnlyList<string> Problems)> FinishAsync(string loadJson, string directory)
    {
        ResourceSnapshot snapshot;
        IReadOnlyList<string> problems;
        try
        {
            (snapshot, problems) = await _sampling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            (snapshot, problems) = (_fromManifests, ["the run was interrupted before the usage window ended: no usage was recorded"]);
        }

        snapshot = ResourceSnapshotBuilder.WithLoad(snapshot, LoadFiguresFile.Read(loadJson));
        if (snapshot.Mode == MeshMode.Ambient)
        {
            snapshot = snapshot with
            {
                Assumptions =
                [
                    .. snapshot.Assumptions,
                    $"The local mesh runs one ztunnel process for every pod, where a cluster runs one per node ({snapshot.NodeCount}), each carrying its node's share of the traffic and its own idle baseline: by usage, 'per node' is that one process divided by the node count.",
                    "The local mesh runs no istio-cni (it programs pod networking and carries no traffic): its usage is not measured; its requests are counted.",
                ],
            };
        }

        if (problems.Count > 0)
        {
            snapshot = snapshot with { Assumptions = [.. snapshot.Assumptions, .. problems.Select(p => "Not sampled: " + p)] };
        }

        return (ResourceSnapshotFile.Write(snapshot, directory), problems);
    }
}
