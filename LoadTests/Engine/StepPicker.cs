using AmbientVerify.LoadTests.Model;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// Picks the next step by weight with smooth weighted round-robin (nginx's upstream algorithm): deterministic, exact
/// shares over every cycle of the total weight, and the heavy steps interleaved with the light ones rather than in runs.
/// Not thread-safe: the open model's single dispatcher owns one; each closed-model copy owns its own.
/// </summary>
public sealed class StepPicker
{
    private readonly int[] _weights;
    private readonly long[] _current;
    private readonly long _total;

    public StepPicker(IReadOnlyList<LoadStep> steps)
    {
        _weights = steps.Select(s => s.Weight).ToArray();
        _current = new long[_weights.Length];
        _total = _weights.Sum(w => (long)w);
        if (_weights.Length == 0 || _total <= 0)
        {
            throw new ArgumentException("a scenario needs at least one step with a weight above 0");
        }
    }

    public int Next()
    {
        var best = 0;
        for (var i = 0; i < _weights.Length; i++)
        {
            _current[i] += _weights[i];
            if (_current[i] > _current[best])
            {
                best = i;
            }
        }

        _current[best] -= _total;
        return best;
    }
}
