using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Validation;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Manifests.Tests.Validation;

/// <summary>
/// What a cluster refuses, in its words: Istio's webhook (pkg/config/validation/validation.go validateHTTPRetry,
/// agent.ValidateDuration, at 1.22.0 … 1.30.0), Istio's CRD rules, and the Gateway API v1.6.1 HTTPRoute CRD.
/// </summary>
public sealed class AdmissionWebhookTests
{
    private static readonly MeshVersions Istio130 = MeshVersions.Default;

    private static MeshVersions Istio(int minor) => MeshVersions.Default with { Istio = new IstioVersion(1, minor) };

    private static MeshManifests VirtualService(string http) => MeshManifests.Parse(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs, namespace: ecommerce}\n"
        + "spec:\n  hosts: ['*']\n  gateways: [ecommerce/gw]\n  http:\n    - route: [{destination: {host: svc}}]\n"
        + string.Concat(http.Split('\n').Select(line => "      " + line + "\n")),
        "vs.yaml");

    private static MeshManifests HttpRoute(string rule) => MeshManifests.Parse(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: ecommerce}\n"
        + "spec:\n  parentRefs: [{name: gw}]\n  rules:\n    - backendRefs: [{name: svc, port: 8080}]\n"
        + string.Concat(rule.Split('\n').Select(line => "      " + line + "\n")),
        "route.yaml");

    private static IReadOnlyList<string> Messages(MeshManifests manifests, MeshVersions? versions = null) =>
        AdmissionWebhook.Check(manifests, versions ?? Istio130).Select(refusal => refusal.Message).ToList();

    // --- VirtualService retries: validateHTTPRetry -----------------------------------------------------------

    [Theory]
    [InlineData("retries: {attempts: -1}", "attempts cannot be negative")]
    [InlineData("retries: {attempts: 0, perTryTimeout: 2s}", "http retry policy configured when attempts are set to 0 (disabled)")]
    [InlineData("retries: {attempts: 0, retryOn: 5xx}", "http retry policy configured when attempts are set to 0 (disabled)")]
    [InlineData("retries: {attempts: 0, retryRemoteLocalities: false}", "http retry policy configured when attempts are set to 0 (disabled)")]
    [InlineData("retries: {perTryTimeout: 2s}", "http retry policy configured when attempts are set to 0 (disabled)")]
    public void Virtual_service_retries_refused_with_the_webhook_words(string retries, string message)
    {
        Assert.Equal([message], Messages(VirtualService(retries)));
    }

    // Negative rows: what the webhook lets through.
    [Theory]
    [InlineData("retries: {attempts: 0}")]
    [InlineData("retries: {attempts: 0, retryOn: ''}")]
    [InlineData("retries: {attempts: 0, backoff: 100ms}")]
    [InlineData("retries: {attempts: 3, perTryTimeout: 1ms, retryOn: '5xx,reset,connect-failure,refused-stream'}")]
    [InlineData("retries: {attempts: 3, retryOn: 'retriable-4xx,503,+503,0503,418,425,envoy-ratelimited,retriable-headers'}")]
    [InlineData("retries: {attempts: 3, retryOn: 'cancelled,deadline-exceeded,internal,resource-exhausted,unavailable'}")]
    [InlineData("timeout: 30s\nretries: {attempts: 3, perTryTimeout: 10s, backoff: 25ms}")]
    public void Virtual_service_retries_the_webhook_accepts(string http)
    {
        Assert.Empty(Messages(VirtualService(http)));
    }

    // strings.Split without trimming, case-sensitive names, Go's http.StatusText for numbers.
    [Theory]
    [InlineData("5xx, reset", "\" reset\" is not a valid retryOn policy")]
    [InlineData("5XX", "\"5XX\" is not a valid retryOn policy")]
    [InlineData("5xx,", "\"\" is not a valid retryOn policy")]
    [InlineData("599", "\"599\" is not a valid retryOn policy")]
    [InlineData("306", "\"306\" is not a valid retryOn policy")]
    [InlineData("600", "\"600\" is not a valid retryOn policy")]
    [InlineData("on-tuesdays", "\"on-tuesdays\" is not a valid retryOn policy")]
    public void Retry_on_part_the_webhook_does_not_know_is_refused_as_it_quotes_it(string retryOn, string message)
    {
        Assert.Equal([message], Messages(VirtualService($"retries: {{attempts: 2, retryOn: '{retryOn}'}}")));
    }

    [Fact]
    public void Each_unknown_retry_on_part_is_a_refusal_of_its_own()
    {
        Assert.Equal(2, Messages(VirtualService("retries: {attempts: 2, retryOn: 'retry-all,5xx,Reset'}")).Count);
    }

    // supportedRetryOnPolicies gained reset-before-request and http3-post-connect-failure in 1.23.
    [Theory]
    [InlineData(22, 2)]
    [InlineData(23, 0)]
    public void Reset_before_request_is_refused_by_the_1_22_webhook_only(int minor, int refusals)
    {
        var manifests = VirtualService("retries: {attempts: 2, retryOn: 'reset-before-request,http3-post-connect-failure'}");

        Assert.Equal(refusals, Messages(manifests, Istio(minor)).Count);
    }

    // --- durations: the CRD's CEL rule (1.23+) before the webhook's ValidateDuration -----------------------------

    [Theory]
    [InlineData("timeout: 0s", 30, "spec.http[0].timeout: Invalid value: \"string\": must be a valid duration greater than 1ms")]
    [InlineData("timeout: 0s", 23, "spec.http[0].timeout: Invalid value: \"string\": must be a valid duration greater than 1ms")]
    [InlineData("timeout: 0s", 22, "duration must be greater than 1ms")]
    [InlineData("retries: {attempts: 3, perTryTimeout: 500us}", 30, "spec.http[0].retries.perTryTimeout: Invalid value: \"string\": must be a valid duration greater than 1ms")]
    [InlineData("retries: {attempts: 3, perTryTimeout: 500us}", 22, "duration must be greater than 1ms")]
    [InlineData("retries: {attempts: 3, perTryTimeout: 1500us}", 30, "only durations to ms precision are supported")]
    [InlineData("retries: {attempts: 3, backoff: 0s}", 26, "spec.http[0].retries.backoff: Invalid value: \"string\": must be a valid duration greater than 1ms")]
    public void Durations_below_a_millisecond_or_finer_than_one_are_refused(string http, int minor, string message)
    {
        Assert.Equal([message], Messages(VirtualService(http), Istio(minor)));
    }

    [Fact]
    public void Backoff_before_1_26_is_no_field_of_the_crd_so_nothing_refuses_it()
    {
        Assert.Empty(Messages(VirtualService("retries: {attempts: 3, backoff: 0s}"), Istio(25)));
    }

    [Fact]
    public void The_api_server_stops_at_the_crd_so_the_webhook_words_are_not_shown_too()
    {
        var refusals = AdmissionWebhook.Check(VirtualService("timeout: 0s\nretries: {attempts: -1}"), Istio130);

        Assert.All(refusals, refusal => Assert.Equal(Refuser.CrdSchema, refusal.By));
    }

    [Fact]
    public void Refusal_names_file_line_object_field_and_the_webhook()
    {
        var refusal = Assert.Single(AdmissionWebhook.Check(VirtualService("retries: {attempts: -1}"), Istio130));

        Assert.Equal(
            "vs.yaml:9: VirtualService ecommerce/vs: spec.http[0].retries: admission webhook \"validation.istio.io\" denied the request: "
            + "configuration is invalid: attempts cannot be negative",
            refusal.ToString());
    }

    // --- HTTPRoute: the Gateway API v1.6.1 CRD -------------------------------------------------------------------

    [Theory]
    [InlineData("retry: {attempts: 0}", "spec.rules[0].retry.attempts: Invalid value: 0: spec.rules[0].retry.attempts in body should be greater than or equal to 1")]
    [InlineData("retry: {attempts: -2}", "spec.rules[0].retry.attempts: Invalid value: -2: spec.rules[0].retry.attempts in body should be greater than or equal to 1")]
    [InlineData("retry: {codes: [399]}", "spec.rules[0].retry.codes[0]: Invalid value: 399: spec.rules[0].retry.codes[0] in body should be greater than or equal to 400")]
    [InlineData("retry: {codes: [600]}", "spec.rules[0].retry.codes[0]: Invalid value: 600: spec.rules[0].retry.codes[0] in body should be less than or equal to 599")]
    [InlineData("retry: {codes: [503, 503]}", "spec.rules[0].retry.codes[1]: Duplicate value: 503")]
    [InlineData("retry: {backoff: 1.5s}", "spec.rules[0].retry.backoff: Invalid value: \"1.5s\": spec.rules[0].retry.backoff in body should match '^([0-9]{1,5}(h|m|s|ms)){1,4}$'")]
    [InlineData("timeouts: {request: 1.5s}", "spec.rules[0].timeouts.request: Invalid value: \"1.5s\": spec.rules[0].timeouts.request in body should match '^([0-9]{1,5}(h|m|s|ms)){1,4}$'")]
    [InlineData("timeouts: {request: 100000s}", "spec.rules[0].timeouts.request: Invalid value: \"100000s\": spec.rules[0].timeouts.request in body should match '^([0-9]{1,5}(h|m|s|ms)){1,4}$'")]
    [InlineData("timeouts: {request: 30s, backendRequest: 40s}", "spec.rules[0].timeouts: Invalid value: \"object\": backendRequest timeout cannot be longer than request timeout")]
    public void Http_route_refused_with_the_crd_words(string rule, string message)
    {
        Assert.Equal([message], Messages(HttpRoute(rule)));
    }

    // Negative rows: what the CRD lets through.
    [Theory]
    [InlineData("retry: {attempts: 1, codes: [500, 502, 503, 504], backoff: 100ms}")]
    [InlineData("retry: {codes: [400, 599]}")]
    [InlineData("timeouts: {request: 1m30s, backendRequest: 500ms}")]
    [InlineData("timeouts: {request: 0s, backendRequest: 40s}")]
    [InlineData("timeouts: {request: 30s, backendRequest: 30s}")]
    [InlineData("timeouts: {backendRequest: 40s}")]
    [InlineData("timeouts: {request: 1h2m3s4ms}")]
    public void Http_route_the_crd_accepts(string rule)
    {
        Assert.Empty(Messages(HttpRoute(rule)));
    }

    [Fact]
    public void Http_route_retry_is_not_checked_on_the_standard_channel_where_the_field_is_dropped()
    {
        var standard = MeshVersions.Default with { Channel = GatewayApiChannel.Standard };

        Assert.Empty(Messages(HttpRoute("retry: {attempts: 0}"), standard));
        Assert.Single(Messages(HttpRoute("timeouts: {request: 1.5s}"), standard));
    }

    [Fact]
    public void Http_route_refusal_points_at_the_stanza_line()
    {
        var refusal = Assert.Single(AdmissionWebhook.Check(HttpRoute("retry: {attempts: 0}"), Istio130));

        Assert.StartsWith("route.yaml:8: HTTPRoute ecommerce/r: the API server refuses it (CRD validation): ", refusal.ToString(), StringComparison.Ordinal);
    }

    // --- the run's message -----------------------------------------------------------------------------------------

    [Fact]
    public void Throw_if_refused_lists_every_refusal_in_a_manifest_exception()
    {
        var error = Assert.Throws<ManifestException>(() => AdmissionWebhook.ThrowIfRefused(VirtualService("retries: {attempts: 2, retryOn: '5xx, reset,Gateway-Error'}")));

        Assert.StartsWith("a cluster would refuse these objects (2 errors), so the run does not start:", error.Message, StringComparison.Ordinal);
        Assert.Contains("\" reset\" is not a valid retryOn policy", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"Gateway-Error\" is not a valid retryOn policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_samples_are_accepted()
    {
        foreach (var sample in new[] { Samples.Sidecar, Samples.Ambient, Samples.AmbientAsPlanned })
        {
            Assert.Empty(AdmissionWebhook.Check(MeshManifests.LoadDirectory(sample)));
        }
    }
}
