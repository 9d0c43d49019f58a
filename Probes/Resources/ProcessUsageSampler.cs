using System.Globalization;

namespace AmbientVerify.Probes.Resources;

/// <summary>A process to sample and the component it stands for.</summary>
/// <param name="Kind">One of <see cref="ComponentKinds"/>.</param>
/// <param name="Name">The component's name (pod, resource name).</param>
/// <param name="Description">For the usage's source, e.g. ".NET stand-in, not Envoy".</param>
public sealed record SamplerTarget(string Kind, string Name, int Pid, string Description = ".NET stand-in")
{
    public string Source => $"local process {Pid.ToString(CultureInfo.InvariantCulture)} ({Description})";
}

/// <summary>Cumulative CPU time and resident memory of one process at one moment.</summary>
public readonly record struct ProcessStats(TimeSpan CpuTime, long RssBytes);

/// <summary>Reads a process's stats; null when the process no longer exists (or cannot be read).</summary>
public interface IProcessStatsReader
{
    ProcessStats? Read(int pid);
}

/// <summary>
/// Linux /proc (proc(5)): CPU = utime + stime, fields 14 and 15 of <c>/proc/&lt;pid&gt;/stat</c>, in clock ticks of
/// USER_HZ (sysconf(_SC_CLK_TCK), 100 on Linux); memory = <c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>, in kB (KiB).
/// </summary>
public sealed class ProcFileSystemStatsReader(string root = "/proc") : IProcessStatsReader
{
    /// <summary>USER_HZ: 100 on every Linux architecture .NET runs on (proc(5): "sysconf(_SC_CLK_TCK)").</summary>
    public const int UserHz = 100;

    public ProcessStats? Read(int pid)
    {
        try
        {
            var directory = Path.Combine(root, pid.ToString(CultureInfo.InvariantCulture));
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var status = File.ReadAllLines(Path.Combine(directory, "status"));
            return Parse(stat, status);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses the two files' text; null when they do not have the expected shape (e.g. a zombie has no VmRSS).</summary>
    public static ProcessStats? Parse(string stat, IEnumerable<string> status)
    {
        // comm (field 2) is in parentheses and may contain spaces or ')': fields start after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // After ')': field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var stime))
        {
            return null;
        }

        var rss = status.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var parts = rss?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: >= 2 } || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
        {
            return null;
        }

        return new ProcessStats(TimeSpan.FromSeconds((utime + stime) / (double)UserHz), kib * 1024);
    }
}

/// <summary>
/// Samples processes every <c>interval</c> and gives each one's CPU (average over the window, peak over one
/// interval) and RSS (average and peak of the samples). A process that is gone before the window ends gets its
/// usage over what was seen, marked <see cref="ResourceUsage.Incomplete"/>; one never seen is incomplete with zero
/// samples. Nothing is silently zero.
/// </summary>
public sealed class ProcessUsageSampler(IProcessStatsReader reader, TimeProvider time)
{
    private readonly Dictionary<SamplerTarget, List<(DateTimeOffset At, ProcessStats? Stats)>> _samples = [];
    private DateTimeOffset? _start;

    /// <summary>Reads every target once, now. The first call starts the window.</summary>
    public void SampleOnce(IReadOnlyList<SamplerTarget> targets)
    {
        var now = time.GetUtcNow();
        _start ??= now;
        foreach (var target in targets)
        {
            if (!_samples.TryGetValue(target, out var list))
            {
                _samples[target] = list = [];
            }

            list.Add((now, reader.Read(target.Pid)));
        }
    }

    /// <summary>Samples every <paramref name="interval"/> for <paramref name="window"/>, then gives the usage of each target.</summary>
    public async Task<IReadOnlyList<(SamplerTarget Target, ResourceUsage Usage)>> SampleAsync(
        IReadOnlyList<SamplerTarget> targets, TimeSpan window, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var end = time.GetUtcNow() + window;
        SampleOnce(targets);
        using var timer = new PeriodicTimer(interval, time);
        while (time.GetUtcNow() < end && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            SampleOnce(targets);
        }

        return Results();
    }

    /// <summary>The usage of every target sampled so far.</summary>
    public IReadOnlyList<(SamplerTarget Target, ResourceUsage Usage)> Results()
    {
        var end = time.GetUtcNow();
        return [.. _samples.Select(pair => (pair.Key, Usage(pair.Key, pair.Value, _start ?? end, end)))];
    }

    private static ResourceUsage Usage(SamplerTarget target, List<(DateTimeOffset At, ProcessStats? Stats)> samples, DateTimeOffset start, DateTimeOffset end)
    {
        var seen = samples.Where(s => s.Stats is not null).Select(s => (s.At, Stats: s.Stats!.Value)).ToList();
        string? incomplete = null;
        if (seen.Count == 0)
        {
            incomplete = $"process {target.Pid} was never readable (not running?)";
        }
        else if (samples.FindIndex(s => s.Stats is null) is >= 0 and var gone)
        {
            incomplete = $"process {target.Pid} was gone at {samples[gone].At:O}, before the window ended; figures cover {seen[0].At:O} to {seen[^1].At:O} only";
        }
        else if (seen.Count < 2)
        {
            incomplete = "one sample only: no CPU rate";
        }

        double avg = 0, peak = 0;
        for (var i = 1; i < seen.Count; i++)
        {
            var seconds = (seen[i].At - seen[i - 1].At).TotalSeconds;
            if (seconds > 0)
            {
                peak = Math.Max(peak, (seen[i].Stats.CpuTime - seen[i - 1].Stats.CpuTime).TotalSeconds / seconds);
            }
        }

        if (seen.Count >= 2 && (seen[^1].At - seen[0].At).TotalSeconds is > 0 and var total)
        {
            avg = (seen[^1].Stats.CpuTime - seen[0].Stats.CpuTime).TotalSeconds / total;
        }

        return new ResourceUsage(
            avg,
            peak,
            seen.Count == 0 ? 0 : (long)seen.Average(s => s.Stats.RssBytes),
            seen.Count == 0 ? 0 : seen.Max(s => s.Stats.RssBytes),
            seen.Count,
            start,
            end,
            target.Source,
            incomplete);
    }
}
