namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The dice of traffic decisions Envoy makes per request: which weighted backend, whether a fault or a mirror
/// applies to this request. Replaced in tests to make them deterministic.
/// </summary>
public interface ITrafficRandom
{
    /// <summary>A value in [0, 1).</summary>
    double NextDouble();
}

public sealed class SharedTrafficRandom : ITrafficRandom
{
    public double NextDouble() => Random.Shared.NextDouble();
}

/// <summary>The per-request choices, as Envoy makes them.</summary>
public static class TrafficChoices
{
    /// <summary>
    /// Envoy's weighted clusters: a backend with probability weight / total (0-weight backends never reach here:
    /// Istio leaves them out). Null when there is none.
    /// </summary>
    public static T? PickWeighted<T>(IReadOnlyList<T> backends, Func<T, int> weightOf, ITrafficRandom random) where T : class
    {
        if (backends.Count <= 1)
        {
            return backends.FirstOrDefault();
        }

        var total = backends.Sum(b => Math.Max(weightOf(b), 0));
        if (total <= 0)
        {
            return backends[0];
        }

        var roll = random.NextDouble() * total;
        foreach (var backend in backends)
        {
            roll -= Math.Max(weightOf(backend), 0);
            if (roll < 0)
            {
                return backend;
            }
        }

        return backends[^1];
    }

    /// <summary>A fault or mirror percentage (0–100; null = always, Envoy's default without a percentage).</summary>
    public static bool Applies(double? percent, ITrafficRandom random) =>
        percent is not { } p || (p > 0 && random.NextDouble() * 100 < p);
}
