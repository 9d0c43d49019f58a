using AmbientVerify.LoadTests.Limits;
using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Tests.TestSupport;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LoadTests.Tests.Limits;

public sealed class LoadPlanValidatorTests
{
    private static readonly Uri Loopback = new("http://127.0.0.1:8080");
    private static readonly Uri Remote = new("http://gateway.shop.example.com");

    [Fact]
    public void A_plan_within_every_limit_is_accepted()
    {
        Assert.Empty(LoadPlanValidator.Check(Plans.Open(10_000, S(10)), Loopback, LoadLimits.Default));
    }

    [Fact]
    public void A_rate_above_the_hard_cap_is_refused()
    {
        var error = Assert.Single(LoadPlanValidator.Check(Plans.Open(10_001, S(10)), Loopback, LoadLimits.Default));

        Assert.Equal("scenario s: rate 10001 requests/s is above the cap of 10000 requests/s", error);
    }

    [Fact]
    public void A_gateway_that_is_not_loopback_gets_the_lower_cap_and_the_remedy()
    {
        var error = Assert.Single(LoadPlanValidator.Check(Plans.Open(1_500, S(10)), Remote, LoadLimits.Default));

        Assert.Equal("scenario s: rate 1500 requests/s is above the cap of 1000 requests/s for a gateway that is not a loopback address " +
                     "(gateway.shop.example.com); give --max-rate 1500 to allow it (at most 10000)", error);
    }

    [Fact]
    public void Max_rate_raises_the_remote_cap()
    {
        Assert.Empty(LoadPlanValidator.Check(Plans.Open(1_500, S(10)), Remote, LoadLimits.Default with { RemoteRateRaisedTo = 2_000 }));
    }

    [Fact]
    public void Max_rate_above_the_hard_cap_is_refused()
    {
        Assert.Contains("--max-rate 20000 is above the hard cap of 10000 requests/s",
            LoadPlanValidator.Check(Plans.Open(100, S(10)), Remote, LoadLimits.Default with { RemoteRateRaisedTo = 20_000 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void A_concurrency_outside_the_cap_is_refused(int concurrency)
    {
        var error = Assert.Single(LoadPlanValidator.Check(Plans.Open(100, S(1), concurrency), Loopback, LoadLimits.Default));

        Assert.Equal($"concurrency {concurrency} is outside 1..1000 (the cap on requests in flight)", error);
    }

    [Fact]
    public void More_copies_than_the_concurrency_are_refused()
    {
        var error = Assert.Single(LoadPlanValidator.Check(Plans.Closed(20, S(1), concurrency: 10), Loopback, LoadLimits.Default));

        Assert.Equal("scenario s: 20 copies is outside 1..10 (the concurrency; at most 1000)", error);
    }

    [Fact]
    public void A_plan_longer_than_the_duration_cap_is_refused()
    {
        var error = Assert.Single(LoadPlanValidator.Check(Plans.Open(1, TimeSpan.FromMinutes(31)), Loopback, LoadLimits.Default));

        Assert.Equal("the plan runs 1860s, above the cap of 1800s: shorten --duration / --warmup / --ramp or pick fewer scenarios", error);
    }

    [Fact]
    public void A_plan_sending_more_than_the_request_cap_is_refused()
    {
        var error = Assert.Single(LoadPlanValidator.Check(Plans.Open(1000, S(10)), Loopback, LoadLimits.Default with { MaxRequests = 9_999 }));

        Assert.Equal("the plan sends 10000 requests, above the cap of 9999: lower --rate or --duration", error);
    }

    [Fact]
    public void A_warm_up_as_long_as_the_scenario_is_refused()
    {
        var plan = new LoadPlan([new LoadScenario("s", [Plans.Step()], [new Inject(10, S(1), S(5))], S(5))], "ambient", 10);

        Assert.Equal("scenario s: the warm-up (5s) must be shorter than the scenario (5s)", Assert.Single(LoadPlanValidator.Check(plan, Loopback, LoadLimits.Default)));
    }

    [Fact]
    public void A_scenario_mixing_open_and_closed_simulations_is_refused()
    {
        var plan = new LoadPlan([new LoadScenario("s", [Plans.Step()], [new Inject(10, S(1), S(5)), new KeepConstant(2, S(5))], TimeSpan.Zero)], "ambient", 10);

        Assert.Contains("scenario s: mixes open-model (Inject) and closed-model (KeepConstant) simulations; use one model per scenario",
            LoadPlanValidator.Check(plan, Loopback, LoadLimits.Default));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1", true)]
    [InlineData("http://127.5.0.1:1", true)]
    [InlineData("http://localhost:1", true)]
    [InlineData("http://[::1]:1", true)]
    [InlineData("http://10.0.0.1:1", false)]
    [InlineData("http://gateway.local:1", false)]
    public void Loopback_means_this_machine(string url, bool loopback)
    {
        Assert.Equal(loopback, LoadPlanValidator.IsLoopback(new Uri(url)));
    }
}
