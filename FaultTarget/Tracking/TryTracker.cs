using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget.Tracking;

/// <summary>
/// Counts and records the tries of each uuid, over every Service of the process (a retry may land on any of them,
/// and the probes compare one count). Bounded: at most <see cref="FaultTargetOptions.MaxTrackedRequests"/>
/// uuids (the one tried least recently goes first) and each is forgotten
/// <see cref="FaultTargetOptions.TrackedRequestTtl"/> after its last try.
/// </summary>
public sealed class TryTracker
{
    /// <summary>Tries recorded in detail per uuid; later tries are still counted. Bounds a runaway client.</summary>
    public const int MaxRecordedTriesPerRequest = 1000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<TrackedRequest>> byUuid = new(StringComparer.Ordinal);
    // Least recently tried first: eviction by size and by age both take from the head.
    private readonly LinkedList<TrackedRequest> byLastTry = new();
    private readonly TimeProvider time;
    private readonly int maxTracked;
    private readonly TimeSpan ttl;

    public TryTracker(TimeProvider time, IOptions<FaultTargetOptions> options)
    {
        this.time = time;
        maxTracked = options.Value.MaxTrackedRequests;
        ttl = options.Value.TrackedRequestTtl;
    }

    /// <summary>The number of uuids currently remembered.</summary>
    public int TrackedCount
    {
        get
        {
            lock (gate)
            {
                EvictExpired(time.GetUtcNow());
                return byUuid.Count;
            }
        }
    }

    /// <summary>Counts a try of <paramref name="uuid"/> on arrival; the count and the record are one atomic step,
    /// so concurrent retries get distinct numbers.</summary>
    /// <param name="service">The Service that serves the try, <c>namespace/name</c>.</param>
    public TrackedTry RecordTry(string uuid, string? attemptCount, string service)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            EvictExpired(now);
            if (byUuid.TryGetValue(uuid, out var node))
            {
                byLastTry.Remove(node);
                byLastTry.AddLast(node);
            }
            else
            {
                if (byUuid.Count >= maxTracked)
                {
                    Evict(byLastTry.First!);
                }
                node = byLastTry.AddLast(new TrackedRequest(uuid));
                byUuid.Add(uuid, node);
            }

            var request = node.Value;
            request.LastTryAt = now;
            request.Count++;
            request.ByService[service] = request.ByService.GetValueOrDefault(service) + 1;
            var tracked = new TrackedTry(request.Count, now, attemptCount, service);
            if (request.Tries.Count < MaxRecordedTriesPerRequest)
            {
                request.Tries.Add(tracked);
            }
            return tracked;
        }
    }

    /// <summary>The tries seen for <paramref name="uuid"/>; empty when unknown or forgotten. Reading is not a try.</summary>
    public TriesSnapshot GetTries(string uuid)
    {
        lock (gate)
        {
            EvictExpired(time.GetUtcNow());
            return byUuid.TryGetValue(uuid, out var node)
                ? new TriesSnapshot(node.Value.Count, [.. node.Value.Tries], new SortedDictionary<string, int>(node.Value.ByService, StringComparer.Ordinal))
                : TriesSnapshot.Empty;
        }
    }

    private void EvictExpired(DateTimeOffset now)
    {
        while (byLastTry.First is { } oldest && now - oldest.Value.LastTryAt >= ttl)
        {
            Evict(oldest);
        }
    }

    private void Evict(LinkedListNode<TrackedRequest> node)
    {
        byLastTry.Remove(node);
        byUuid.Remove(node.Value.Uuid);
    }

    private sealed class TrackedRequest(string uuid)
    {
        public string Uuid { get; } = uuid;
        public int Count { get; set; }
        public DateTimeOffset LastTryAt { get; set; }
        public List<TrackedTry> Tries { get; } = [];
        public Dictionary<string, int> ByService { get; } = new(StringComparer.Ordinal);
    }
}
