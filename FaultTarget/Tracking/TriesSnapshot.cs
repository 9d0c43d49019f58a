namespace AmbientVerify.FaultTarget.Tracking;

/// <summary>The tries of one uuid at one moment. <see cref="Count"/> can exceed <see cref="Tries"/>.Count when a
/// uuid was tried more often than <see cref="TryTracker.MaxRecordedTriesPerRequest"/>; <see cref="ByService"/>
/// (tries per <c>namespace/name</c>) always adds up to <see cref="Count"/>.</summary>
public sealed record TriesSnapshot(int Count, IReadOnlyList<TrackedTry> Tries, IReadOnlyDictionary<string, int> ByService)
{
    public static TriesSnapshot Empty { get; } = new(0, [], new Dictionary<string, int>());
}
