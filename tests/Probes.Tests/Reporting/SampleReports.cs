using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Reporting;

internal static class SampleReports
{
    private static readonly Subject CustomerRoute = Subject.Route("customer-service-route") with { Detail = "/api/customers…" };
    private static readonly Subject OrderRoute = Subject.Route("order-service-route");

    public static readonly CheckResult Passed = new("behaviour-matrix", CustomerRoute, "status-500-retried-until-success", "500 is retried until success",
        Verdict.Pass, "status 200 after 4 tries in 0.05s, as expected", new ExpectedValues(200, 4), new Observation(200, 4, TimeSpan.FromMilliseconds(50)),
        Capability: "retry-on-status");

    public static readonly CheckResult Failed = new("behaviour-matrix", CustomerRoute, "status-500-returned-after-retries", "500 is returned after the retries run out",
        Verdict.Fail, "expected status 500 and 4 tries; got status 500 after 1 try in 0.01s. Remedy: add spec.rules[].retry",
        new ExpectedValues(500, 4), new Observation(500, 1, TimeSpan.FromMilliseconds(10)), "add spec.rules[].retry", "retry-on-status");

    public static readonly CheckResult Gap = new("behaviour-matrix", OrderRoute, "reset-retried", "a reset is retried", Verdict.Gap,
        "an HTTPRoute on an Istio gateway cannot retry a reset", new ExpectedValues(200, 4), new Observation(503, 1, TimeSpan.FromMilliseconds(5)),
        Capability: "retry-on-reset");

    public static readonly CheckResult Errored = new("behaviour-matrix", OrderRoute, "route-answers", "route answers through the gateway", Verdict.Error,
        "could not look: connection refused", new ExpectedValues(200, 1));

    public static readonly CheckResult Timed = new("behaviour-matrix", OrderRoute, "stalled-request-ends-at-request-timeout", "a stalled request ends at the request timeout",
        Verdict.Pass, "ok", new ExpectedValues(504, null, TimeSpan.FromSeconds(29.5), TimeSpan.FromSeconds(30.5)), new Observation(504, 3, TimeSpan.FromSeconds(30.02)),
        Capability: "route-timeout");

    /// <summary>A result of another check, about a Deployment: no capability, no expected or observed values.</summary>
    public static readonly CheckResult Captured = new("capture", Subject.Deployment("ecommerce", "cart"),
        new CheckCase("pods-captured-by-ztunnel", "every pod is captured by ztunnel, without sidecar"), Verdict.Pass,
        "all 2 pods have ambient.istio.io/redirection=enabled and no istio-proxy container");

    /// <summary>The customer route judged by expectations.yaml:4 (timeout 15s, no retries), the order route by the plan.</summary>
    public static RunReport WithExpectations(params CheckResult[] results) => With(results) with
    {
        ExpectationsFile = "expectations.yaml",
        Expectations =
        [
            new(CustomerRoute, new RouteExpectations(new ExpectationOptions { RequestTimeout = TimeSpan.FromSeconds(15), Retries = 0 }, "expectations.yaml:4")),
            new(OrderRoute, RouteExpectations.Plan(new ExpectationOptions())),
        ],
    };

    public static RunReport With(params CheckResult[] results) => new(
        "local", "ambient", "http://127.0.0.1:8080/", "samples/ambient",
        new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), TimeSpan.FromSeconds(42), results);
}
