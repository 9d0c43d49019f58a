using System.Globalization;
using System.Net;
using Microsoft.Extensions.Primitives;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>Builds the upstream request of one try, with the headers Envoy adds at an Istio ingress gateway.</summary>
public static class UpstreamRequestFactory
{
    public const string AttemptCountHeader = "x-envoy-attempt-count";

    // Set by us on every try; whatever the client sent under these names is replaced.
    private static readonly HashSet<string> Replaced = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", AttemptCountHeader, "x-request-id", "x-forwarded-for", "x-forwarded-proto",
        // The forwarder's propagator writes the trace context of our own span.
        "traceparent", "tracestate",
    };

    /// <param name="attempt">1-based try number, sent as x-envoy-attempt-count (Istio enables include_request_attempt_count).</param>
    public static HttpRequestMessage Create(BufferedRequest downstream, Uri backend, int attempt)
    {
        // From the authority, not relative to it: new Uri(base, "//x") would read "//x" as a network-path reference
        // (host x). Envoy forwards such a path as it is.
        var upstream = new HttpRequestMessage(new HttpMethod(downstream.Method), new Uri(backend.GetLeftPart(UriPartial.Authority) + downstream.PathAndQuery))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        upstream.Content = downstream.CreateContent();

        string? forwardedFor = null;
        foreach (var (name, values) in downstream.Headers)
        {
            if (HopByHopHeaders.Contains(name))
            {
                continue;
            }

            if (string.Equals(name, "x-forwarded-for", StringComparison.OrdinalIgnoreCase))
            {
                forwardedFor = values.ToString();
                continue;
            }

            if (Replaced.Contains(name))
            {
                continue;
            }

            AddHeader(upstream, name, values);
        }

        // Envoy keeps the downstream :authority (Istio does not rewrite it without a rewrite rule).
        upstream.Headers.Host = downstream.Host;
        upstream.Headers.TryAddWithoutValidation("x-request-id", downstream.RequestId);
        upstream.Headers.TryAddWithoutValidation("x-forwarded-proto", downstream.Scheme);
        if (downstream.RemoteAddress is { } remote)
        {
            upstream.Headers.TryAddWithoutValidation("x-forwarded-for", string.IsNullOrEmpty(forwardedFor) ? remote : $"{forwardedFor}, {remote}");
        }

        upstream.Headers.TryAddWithoutValidation(AttemptCountHeader, attempt.ToString(CultureInfo.InvariantCulture));
        return upstream;
    }

    private static void AddHeader(HttpRequestMessage upstream, string name, StringValues values)
    {
        if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            return; // computed from the buffered body, or set from the downstream one for a streamed body
        }

        if (upstream.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
        {
            return;
        }

        // Content-Type, Content-Length and friends belong to the content; a body-less request with content
        // headers (rare) gets an empty content to carry them.
        upstream.Content ??= new ByteArrayContent([]);
        upstream.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
    }
}
