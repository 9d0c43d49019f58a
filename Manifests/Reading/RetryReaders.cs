using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Reading;

/// <summary>
/// The retry and timeout stanzas of VirtualService http routes and HTTPRoute rules, read as written (negative
/// attempts, zero durations and the duration text kept) so <c>Validation/AdmissionWebhook</c> can refuse what a cluster
/// would refuse, with its own words.
/// </summary>
internal static class RetryReaders
{
    /// <summary>VirtualService <c>http[].retries</c> (istio/api <c>virtual_service.proto</c> <c>HTTPRetry</c>).</summary>
    public static VirtualServiceRetries? VirtualServiceRetries(YamlMap route)
    {
        var retries = route.Map("retries");
        return retries is null
            ? null
            : new VirtualServiceRetries(
                // Istio disables retries when a retries block has no attempts (attempts 0).
                retries.Int("attempts", "expected the number of retries, e.g. 3") ?? 0,
                retries.Duration("perTryTimeout"),
                retries.String("retryOn"),
                retries.Duration("backoff"),
                retries.Bool("retryRemoteLocalities"),
                retries.Bool("retryIgnorePreviousHosts"),
                retries.Line);
    }

    /// <summary>HTTPRoute <c>spec.rules[].retry</c>.</summary>
    public static HttpRouteRetry? HttpRouteRetry(YamlMap rule)
    {
        var retry = rule.Map("retry");
        return retry is null
            ? null
            : new HttpRouteRetry(
                retry.Int("attempts", "expected the number of retries, e.g. 3"),
                retry.Ints("codes", "expected HTTP status codes, e.g. 503"),
                retry.Duration("backoff"),
                retry.String("backoff"),
                retry.Line);
    }

    /// <summary>HTTPRoute <c>spec.rules[].timeouts</c>.</summary>
    public static HttpRouteTimeouts? HttpRouteTimeouts(YamlMap rule)
    {
        var timeouts = rule.Map("timeouts");
        return timeouts is null
            ? null
            : new HttpRouteTimeouts(
                timeouts.Duration("request"),
                timeouts.Duration("backendRequest"),
                timeouts.String("request"),
                timeouts.String("backendRequest"),
                timeouts.Line);
    }
}
