namespace AmbientVerify.Probes.Resources.Cluster;

/// <summary>
/// Samples a cluster's container usage every interval over a duration and gives each component its average and
/// peak (CPU and memory, each summed over the component's containers per sample). A pod missing from some samples
/// (restarted, metrics not yet scraped) is marked <see cref="ResourceUsage.Incomplete"/>; one never seen has zero
/// samples and says so. Nothing is silently zero.
/// </summary>
public sealed class ClusterUsageSampler(IContainerUsageSource source, TimeProvider time)
{
    private readonly List<(DateTimeOffset At, IReadOnlyList<ContainerUsageSample> Containers)> _samples = [];

    public IContainerUsageSource Source => source;

    public int SampleCount => _samples.Count;

    /// <summary>Reads every container's usage once, now.</summary>
    /// <exception cref="UsageNotMeasuredException">The source is not there.</exception>
    public async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        var containers = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
        _samples.Add((time.GetUtcNow(), containers));
    }

    /// <summary>A sample now, then one every <paramref name="interval"/> until <paramref name="duration"/> has passed (on the injected clock).</summary>
    public async Task SampleAsync(TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var end = time.GetUtcNow() + duration;
        await SampleOnceAsync(cancellationToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(interval, time);
        while (time.GetUtcNow() < end && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await SampleOnceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The usage of <paramref name="component"/> over the samples taken so far.</summary>
    public ResourceUsage UsageOf(ClusterComponent component)
    {
        var start = _samples.Count > 0 ? _samples[0].At : time.GetUtcNow();
        var end = _samples.Count > 0 ? _samples[^1].At : start;
        var seen = new List<(double Cpu, long Memory)>();
        DateTimeOffset? firstMissing = null;
        foreach (var (at, containers) in _samples)
        {
            var mine = containers.Where(c => c.Namespace == component.Namespace && c.Pod == component.Pod && component.Containers.Contains(c.Container)).ToList();
            if (mine.Count == 0)
            {
                firstMissing ??= at;
                continue;
            }

            seen.Add((mine.Sum(c => c.CpuCores), mine.Sum(c => c.MemoryBytes)));
        }

        var pod = $"{component.Namespace}/{component.Pod}";
        var incomplete = seen.Count == 0
            ? $"no usage for pod {pod} ({string.Join(", ", component.Containers.Order(StringComparer.Ordinal))}) in any of {_samples.Count} sample(s) of {source.Description}"
            : firstMissing is { } missing
                ? $"pod {pod} was missing from {_samples.Count - seen.Count} of {_samples.Count} samples (first at {missing:O}); figures cover the others"
                : null;
        return new ResourceUsage(
            seen.Count == 0 ? 0 : seen.Average(s => s.Cpu),
            seen.Count == 0 ? 0 : seen.Max(s => s.Cpu),
            seen.Count == 0 ? 0 : (long)seen.Average(s => s.Memory),
            seen.Count == 0 ? 0 : seen.Max(s => s.Memory),
            seen.Count,
            start,
            end,
            source.Description,
            incomplete);
    }
}
