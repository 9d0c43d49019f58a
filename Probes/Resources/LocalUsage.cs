namespace AmbientVerify.Probes.Resources;

/// <summary>
/// Usage of the local mesh added to a snapshot: asks each process who it is (<see cref="ProcessDirectory"/>), samples
/// them (<see cref="ProcessUsageSampler"/>) and attaches the usage (<see cref="ResourceSnapshotBuilder.WithUsage"/>).
/// </summary>
public static class LocalUsage
{
    /// <param name="processUrls">Base URLs of the processes' admin/health endpoints (each serves <c>GET /__process</c>).</param>
    /// <returns>The snapshot with usage, and every URL that could not say which process it is.</returns>
    public static async Task<(ResourceSnapshot Snapshot, IReadOnlyList<string> Problems)> SampleAsync(
        ResourceSnapshot snapshot,
        HttpClient http,
        IEnumerable<Uri> processUrls,
        TimeSpan window,
        TimeSpan interval,
        TimeProvider time,
        CancellationToken cancellationToken,
        IProcessStatsReader? reader = null)
    {
        var directory = await new ProcessDirectory(http).FetchAsync(processUrls, cancellationToken).ConfigureAwait(false);
        var sampler = new ProcessUsageSampler(reader ?? new ProcFileSystemStatsReader(), time);
        var usages = await sampler.SampleAsync(directory.Targets, window, interval, cancellationToken).ConfigureAwait(false);
        return (ResourceSnapshotBuilder.WithUsage(snapshot, usages), directory.Problems);
    }
}
