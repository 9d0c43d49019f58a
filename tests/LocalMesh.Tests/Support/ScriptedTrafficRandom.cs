using AmbientVerify.LocalMesh.Gateway;

namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>
/// The gateway's traffic dice, loaded with the values the next draws return (weights, mirror and fault percentages),
/// so a test knows which backend a request takes. Draws beyond the script fail the test: a test must say them all.
/// </summary>
public sealed class ScriptedTrafficRandom : ITrafficRandom
{
    private readonly Queue<double> _values = new();

    /// <summary>Replaces what is left with <paramref name="values"/> (each in [0, 1)).</summary>
    public void Script(params double[] values)
    {
        lock (_values)
        {
            _values.Clear();
            foreach (var value in values)
            {
                _values.Enqueue(value);
            }
        }
    }

    /// <summary>How many scripted values were not drawn.</summary>
    public int Left
    {
        get
        {
            lock (_values)
            {
                return _values.Count;
            }
        }
    }

    public double NextDouble()
    {
        lock (_values)
        {
            return _values.TryDequeue(out var value)
                ? value
                : throw new InvalidOperationException("the gateway drew a random value the test did not script");
        }
    }
}
