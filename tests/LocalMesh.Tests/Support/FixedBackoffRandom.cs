using AmbientVerify.LocalMesh.Gateway;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>Returns the same fraction of every window, and remembers the windows it was asked for.</summary>
public sealed class FixedBackoffRandom(double fraction) : IBackoffRandom
{
    public static FixedBackoffRandom Lowest => new(0);

    public static FixedBackoffRandom Highest => new(1);

    public List<long> Bounds { get; } = [];

    public long NextInt64(long exclusiveMax)
    {
        lock (Bounds)
        {
            Bounds.Add(exclusiveMax);
        }

        return Math.Min(exclusiveMax - 1, (long)(exclusiveMax * fraction));
    }
}
