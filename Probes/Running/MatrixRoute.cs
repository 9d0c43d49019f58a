using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;

namespace AmbientVerify.Probes.Running;

/// <summary>One route of the matrix with its own expectations and the cases built from them (none when it is skipped).</summary>
public sealed record MatrixRoute(ProbeTarget Target, RouteExpectations Expectations, IReadOnlyList<ProbeCase> Cases)
{
    /// <summary>
    /// Each target with its expectations and their cases. Routes with the same expectations share one case list; the
    /// ids are the same on every route (the status codes, the only options an id carries, are not set per route).
    /// </summary>
    public static IReadOnlyList<MatrixRoute> For(IReadOnlyList<ProbeTarget> targets, ExpectationsByRoute expectations)
    {
        var built = new Dictionary<ExpectationOptions, IReadOnlyList<ProbeCase>>(ReferenceEqualityComparer.Instance);
        return targets.Select(target =>
        {
            var expected = expectations.For(target.Route);
            if (expected.SkipMatrix)
            {
                return new MatrixRoute(target, expected, []);
            }

            if (!built.TryGetValue(expected.Options, out var cases))
            {
                cases = built[expected.Options] = BehaviourMatrix.Build(expected.Options);
            }

            return new MatrixRoute(target, expected, cases);
        }).ToList();
    }
}
