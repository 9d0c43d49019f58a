using AmbientVerify.Manifests;
using AmbientVerify.Probes.Running;

namespace AmbientVerify.LoadTests.Scenarios;

/// <summary>
/// How often the shop scenario sends to each route, "as a shop is used": browsing products and stores dominates,
/// customers less, orders and payments least. A route's default weight comes from the first keyword found in its
/// backend Service's name, else its route name; an override (--weight key=N) names a Service or a route id.
/// </summary>
public static class ShopWeights
{
    /// <summary>Keyword → weight, first match wins (so "product-order-export" counts as product).</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> Defaults { get; } =
    [
        new("product", 40),
        new("store", 25),
        new("customer", 15),
        new("order", 10),
        new("payment", 5),
        new("saga", 5),
    ];

    /// <summary>The weight of a route no keyword matches.</summary>
    public const int Other = 5;

    /// <summary>The weight of <paramref name="target"/>: an override by route id, then by Service, then the keyword default.</summary>
    public static int For(ProbeTarget target, IReadOnlyDictionary<string, int> overrides)
    {
        if (overrides.TryGetValue(target.Route.Id.ToString(), out var byRoute))
        {
            return byRoute;
        }

        foreach (var service in Services(target))
        {
            if (overrides.TryGetValue(service, out var byService))
            {
                return byService;
            }
        }

        var names = Services(target).Append(target.Route.Name).ToList();
        foreach (var (keyword, weight) in Defaults)
        {
            if (names.Any(n => n.Contains(keyword, StringComparison.OrdinalIgnoreCase)))
            {
                return weight;
            }
        }

        return Other;
    }

    /// <exception cref="ManifestException">An override names neither a Service nor a route id of <paramref name="targets"/>, or is negative.</exception>
    public static void ThrowIfUnknown(IReadOnlyList<ProbeTarget> targets, IReadOnlyDictionary<string, int> overrides)
    {
        var known = targets.SelectMany(Services).Concat(targets.Select(t => t.Route.Id.ToString())).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, weight) in overrides)
        {
            if (!known.Contains(key))
            {
                throw new ManifestException(
                    $"--weight {key}={weight}: no Service or route id of the gateway's routes is called {key}; known: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
            }

            if (weight < 0)
            {
                throw new ManifestException($"--weight {key}={weight}: a weight is 0 or more");
            }
        }
    }

    /// <summary>The Services a route sends to (by name, in order of weight).</summary>
    public static IEnumerable<string> Services(ProbeTarget target) =>
        target.Route.Backends.OrderByDescending(b => b.Weight).Select(b => b.Service).Distinct();
}
