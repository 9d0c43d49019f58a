namespace AmbientVerify.FaultTarget.Tracking;

/// <summary>The tries of one uuid at one moment. <see cref="Count"/> can exceed <see cref="Tries"/>.Count when a
/// uuid was tried more often than <see cref="TryTracker.MaxRecordedTriesPerRequest"/>.</summary>
public sealed record TriesSnapshot(int Count, IReadOnlyList<TrackedTry> Tries)
{
    public static TriesSnapshot Empty { get; } = new(0, []);
}
