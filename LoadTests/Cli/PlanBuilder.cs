using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Scenarios;
using AmbientVerify.Manifests;

namespace AmbientVerify.LoadTests.Cli;

/// <summary>
/// The plan the command line describes. Each scenario's timeline is: --ramp (linear from 0), then --warmup at full
/// load, then --duration at full load; only the last part is measured, so the figures always describe the full load.
/// </summary>
public static class PlanBuilder
{
    /// <exception cref="ManifestException">--scenario names no scenario, or a weight names no Service or route.</exception>
    public static LoadPlan Build(LoadSettings settings, ManifestTargets targets)
    {
        var simulations = Simulations(settings);
        var warmUp = settings.Ramp + settings.WarmUp;
        var shop = ShopScenarios.From(targets.Targets, settings.Weights, simulations, warmUp);
        var perRoute = ShopScenarios.PerRoute(targets.Targets, simulations, warmUp);
        IReadOnlyList<LoadScenario> scenarios = settings.Scenario switch
        {
            ShopScenarios.ShopName => [shop],
            "route" => perRoute,
            var name => perRoute.Where(s => s.Name == name).ToList() is [_, ..] picked
                ? picked
                : throw new ManifestException(
                    $"--scenario {name}: no such scenario; known: shop, route, {string.Join(", ", perRoute.Select(s => s.Name))}"),
        };
        return new LoadPlan(scenarios, settings.Mode, settings.Concurrency);
    }

    public static IReadOnlyList<LoadSimulation> Simulations(LoadSettings settings)
    {
        var full = settings.WarmUp + settings.Duration;
        var interval = TimeSpan.FromSeconds(1);
        return (settings.OpenModel, settings.Ramp > TimeSpan.Zero) switch
        {
            (true, true) => [new RampingInject(settings.Rate, interval, settings.Ramp), new Inject(settings.Rate, interval, full)],
            (true, false) => [new Inject(settings.Rate, interval, full)],
            (false, true) => [new RampingConstant(settings.Copies, settings.Ramp), new KeepConstant(settings.Copies, full)],
            (false, false) => [new KeepConstant(settings.Copies, full)],
        };
    }
}
