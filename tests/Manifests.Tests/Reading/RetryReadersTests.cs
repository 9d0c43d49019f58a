using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Tests.Reading;

/// <summary>Retry and timeout stanzas are read as written, with their line, for the admission checks.</summary>
public sealed class RetryReadersTests
{
    [Fact]
    public void Virtual_service_retries_read_backoff_locality_and_host_flags_with_their_line()
    {
        var http = MeshManifests.Parse("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: v, namespace: ns}
            spec:
              http:
                - route: [{destination: {host: svc}}]
                  retries:
                    attempts: 3
                    retryOn: 5xx,retriable-4xx
                    backoff: 100ms
                    retryRemoteLocalities: true
                    retryIgnorePreviousHosts: false
            """, "vs.yaml").VirtualServices.Single().Http.Single();

        Assert.Equal(
            new VirtualServiceRetries(3, null, "5xx,retriable-4xx", TimeSpan.FromMilliseconds(100), RetryRemoteLocalities: true, RetryIgnorePreviousHosts: false),
            http.Retries);
        Assert.Equal(8, http.Retries!.Line);
    }

    [Theory]
    [InlineData("attempts: -2", -2)]
    [InlineData("perTryTimeout: 2s", 0)]
    public void Virtual_service_attempts_are_kept_as_written_and_zero_when_unset(string field, int attempts)
    {
        var http = MeshManifests.Parse(
            $"apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: v, namespace: ns}}\nspec:\n  http:\n    - retries: {{{field}}}\n",
            "vs.yaml").VirtualServices.Single().Http.Single();

        Assert.Equal(attempts, http.Retries!.Attempts);
    }

    [Fact]
    public void Http_route_durations_keep_their_text_for_the_crd_pattern()
    {
        var rule = MeshManifests.Parse("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: r, namespace: ns}
            spec:
              rules:
                - timeouts: {request: 1.5s, backendRequest: 500ms}
                  retry: {attempts: 0, codes: [503], backoff: 100ms}
            """, "r.yaml").HttpRoutes.Single().Rules.Single();

        Assert.Equal(("1.5s", "500ms", 6L), (rule.Timeouts!.RequestText, rule.Timeouts.BackendRequestText, rule.Timeouts.Line));
        Assert.Equal(("100ms", 0, 7L), (rule.Retry!.BackoffText, rule.Retry.Attempts, rule.Retry.Line));
    }

    [Fact]
    public void Equality_ignores_where_and_how_a_stanza_was_written()
    {
        Assert.Equal(new HttpRouteTimeouts(TimeSpan.FromSeconds(30), null), new HttpRouteTimeouts(TimeSpan.FromSeconds(30), null, "30s", null, 12));
        Assert.Equal(new HttpRouteRetry(3, [503], null), new HttpRouteRetry(3, [503], null, null, 9));
        Assert.NotEqual(new HttpRouteRetry(3, [503], null), new HttpRouteRetry(3, [500], null));
        Assert.Equal(new VirtualServiceRetries(3, null, "5xx"), new VirtualServiceRetries(3, null, "5xx", Line: 4));
        Assert.NotEqual(new VirtualServiceRetries(3, null, "5xx"), new VirtualServiceRetries(3, null, "5xx", Backoff: TimeSpan.FromMilliseconds(50)));
    }
}
