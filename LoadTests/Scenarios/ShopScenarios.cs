using AmbientVerify.LoadTests.Model;
using AmbientVerify.Probes.Running;

namespace AmbientVerify.LoadTests.Scenarios;

/// <summary>
/// Scenarios built from the gateway's routes: "shop" mixes every route by <see cref="ShopWeights"/>; the per-route
/// scenarios send to one route each. Each step sends the route's own probe request (its host, method, path, required
/// headers and query), so it reaches that route and no other.
/// </summary>
public static class ShopScenarios
{
    public const string ShopName = "shop";

    /// <summary>The steps of the shop mix; the simulations and warm-up are filled in by the caller's plan.</summary>
    /// <exception cref="AmbientVerify.Manifests.ManifestException">A weight override names no Service or route of <paramref name="targets"/>.</exception>
    public static LoadScenario From(IReadOnlyList<ProbeTarget> targets, IReadOnlyDictionary<string, int>? weights = null,
        IReadOnlyList<LoadSimulation>? simulations = null, TimeSpan warmUp = default)
    {
        weights ??= new Dictionary<string, int>();
        ShopWeights.ThrowIfUnknown(targets, weights);
        var sendable = targets.Where(t => t.Request is not null).ToList();
        var names = StepNames(sendable);
        var steps = sendable.Select(t => LoadStep.From(names[t], t.Request!, ShopWeights.For(t, weights))).ToList();
        return new LoadScenario(ShopName, steps, simulations ?? [], warmUp);
    }

    /// <summary>One scenario per route, named like its step.</summary>
    public static IReadOnlyList<LoadScenario> PerRoute(IReadOnlyList<ProbeTarget> targets, IReadOnlyList<LoadSimulation>? simulations = null, TimeSpan warmUp = default)
    {
        var sendable = targets.Where(t => t.Request is not null).ToList();
        var names = StepNames(sendable);
        return sendable.Select(t => new LoadScenario(names[t], [LoadStep.From(names[t], t.Request!, 1)], simulations ?? [], warmUp)).ToList();
    }

    /// <summary>A route's label as Probes' reports use it (its name, with its path where two share a name).</summary>
    private static Dictionary<ProbeTarget, string> StepNames(IReadOnlyList<ProbeTarget> targets)
    {
        var labels = MatrixRunner.RouteLabels(targets.Select(t => t.Route).ToList());
        return targets.ToDictionary(t => t, t => labels[t.Route]);
    }
}
