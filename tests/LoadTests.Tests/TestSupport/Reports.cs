using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Reporting;

namespace AmbientVerify.LoadTests.Tests.TestSupport;

/// <summary>A fixed report for the report-file tests.</summary>
public static class Reports
{
    public static readonly DateTimeOffset Started = new(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);

    public static LoadReport Sample(bool interrupted = false)
    {
        var latency = new LatencyStats(0.2, 1.5, 900, 1.1, 1.4, 2.5, 7.25, 880);
        var plan = new LoadPlan(
            [new LoadScenario("shop", [Plans.Step("/api/products", 40, "product-service-route"), Plans.Step("/api/orders?x=1", 10, "order, \"quoted\"")],
                [new RampingInject(200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), new Inject(200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(65))],
                TimeSpan.FromSeconds(15))],
            "ambient", 100);
        StatusCount[] statuses = [new("200", true, 11_990), new("503", false, 8), new("error:timeout", false, 2)];
        return new LoadReport(LoadReport.CurrentSchemaVersion, "ambient", "http://127.0.0.1:8080/", Started, Started.AddSeconds(60), interrupted, plan,
        [
            new ScenarioStats("shop", "open", Started, Started.AddSeconds(60), 60, interrupted, 12_000, 11_990, 10, 200, 24_000, 960_000, latency, statuses,
            [
                new StepStats("product-service-route", 40, 9_600, 9_595, 5, 19_200, 768_000, latency, [new("200", true, 9_595), new("503", false, 5)]),
                new StepStats("order, \"quoted\"", 10, 2_400, 2_395, 5, 4_800, 192_000, latency, [new("200", true, 2_395), new("503", false, 3), new("error:timeout", false, 2)]),
            ]),
        ]);
    }
}
