namespace AmbientVerify.Probes.Cases;

/// <summary>
/// A condition on an <see cref="Observation"/>. Compose with <see cref="Expect"/> and <see cref="And"/> / <see cref="Or"/>.
/// </summary>
public abstract class Expectation
{
    /// <summary>What is expected, as a phrase ("status 504", "4 tries").</summary>
    public abstract string Description { get; }

    /// <summary>The values this expectation pins down, for reports.</summary>
    public abstract ExpectedValues Values { get; }

    /// <summary>Each way <paramref name="observation"/> misses the expectation, as a phrase; empty when it is met.</summary>
    public abstract IReadOnlyList<string> Mismatches(Observation observation);

    public bool IsMetBy(Observation observation) => Mismatches(observation).Count == 0;

    /// <summary>Both must hold.</summary>
    public Expectation And(Expectation other) => new AllOf(this, other);

    /// <summary>At least one must hold.</summary>
    public Expectation Or(Expectation other) => new AnyOf(this, other);

    public override string ToString() => Description;

    private sealed class AllOf(Expectation left, Expectation right) : Expectation
    {
        public override string Description => $"{left.Description} and {right.Description}";
        public override ExpectedValues Values => left.Values.Merge(right.Values);
        public override IReadOnlyList<string> Mismatches(Observation observation) =>
            [.. left.Mismatches(observation), .. right.Mismatches(observation)];
    }

    private sealed class AnyOf(Expectation left, Expectation right) : Expectation
    {
        public override string Description => $"({left.Description}) or ({right.Description})";

        // Either branch may hold, so no single value is pinned down.
        public override ExpectedValues Values => ExpectedValues.None;

        public override IReadOnlyList<string> Mismatches(Observation observation)
        {
            var leftMisses = left.Mismatches(observation);
            if (leftMisses.Count == 0)
            {
                return [];
            }

            var rightMisses = right.Mismatches(observation);
            return rightMisses.Count == 0
                ? []
                : [$"neither {left.Description} ({string.Join(", ", leftMisses)}) nor {right.Description} ({string.Join(", ", rightMisses)})"];
        }
    }
}
