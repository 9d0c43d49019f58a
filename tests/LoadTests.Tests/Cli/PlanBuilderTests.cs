using AmbientVerify.LoadTests.Cli;
using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Scenarios;
using AmbientVerify.TestSupport;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LoadTests.Tests.Cli;

public sealed class PlanBuilderTests
{
    private static readonly ManifestTargets Ambient = ManifestTargets.Load(Repository.Sample("ambient"));

    private static LoadSettings Settings(string scenario = "shop", bool open = true) => new()
    {
        Gateway = new Uri("http://127.0.0.1:8080"), ManifestsDirectory = Ambient.Directory, Scenario = scenario, OpenModel = open,
        Rate = 300, Copies = 7, Duration = S(60), WarmUp = S(5), Ramp = S(10),
    };

    [Fact]
    public void The_open_timeline_is_ramp_then_warm_up_then_the_measured_duration_and_only_the_last_is_measured()
    {
        var scenario = Assert.Single(PlanBuilder.Build(Settings(), Ambient).Scenarios);

        Assert.Equal([new RampingInject(300, S(1), S(10)), new Inject(300, S(1), S(65))], scenario.Simulations);
        Assert.Equal(S(15), scenario.WarmUp);
        Assert.Equal(S(60), scenario.MeasuredDuration);
    }

    [Fact]
    public void The_closed_timeline_ramps_the_copies_the_same_way()
    {
        var scenario = Assert.Single(PlanBuilder.Build(Settings(open: false), Ambient).Scenarios);

        Assert.Equal([new RampingConstant(7, S(10)), new KeepConstant(7, S(65))], scenario.Simulations);
    }

    [Fact]
    public void Route_gives_one_scenario_per_route_and_a_name_picks_one()
    {
        Assert.Equal(6, PlanBuilder.Build(Settings("route"), Ambient).Scenarios.Count);
        Assert.Equal("order-service-route", Assert.Single(PlanBuilder.Build(Settings("order-service-route"), Ambient).Scenarios).Name);
    }
}
