using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Manifests.Validation;

/// <summary>
/// What a cluster refuses in the retry/timeout parts of the objects the harness reads, in the refuser's own words,
/// so a run never reasons about a route a cluster would not have stored:
/// <list type="bullet">
/// <item>VirtualService: the API server's CRD rules (Istio 1.23+ <c>manifests/charts/base/…/crd-all.gen.yaml</c>:
/// <c>duration(self) &gt;= duration('1ms')</c>, "must be a valid duration greater than 1ms", on <c>timeout</c>,
/// <c>perTryTimeout</c> and, 1.26+, <c>backoff</c>), then Istio's webhook (<c>pkg/config/validation/validation.go</c>
/// <c>validateHTTPRetry</c>, <c>virtualservice.go</c> <c>validateHTTPRoute</c>, <c>agent/validation.go</c>
/// <c>ValidateDuration</c>).</item>
/// <item>HTTPRoute: the Gateway API CRD's schema and CEL rules for <c>retry</c> and <c>timeouts</c>
/// (gateway-api v1.6.1 <c>config/crd/experimental/gateway.networking.k8s.io_httproutes.yaml</c>); <c>retry</c> is
/// only checked on the experimental channel, where the field exists (a standard-channel API server drops it).</item>
/// </list>
/// The API server checks an object's schema before any webhook sees it, so an object the CRD refuses is reported
/// with the CRD's words only.
/// </summary>
public static partial class AdmissionWebhook
{
    /// <summary>
    /// Envoy's retry_on names the webhook accepts (<c>supportedRetryOnPolicies</c>, 1.23+ at 1.30.0); 1.22 lacks
    /// <c>reset-before-request</c> and <c>http3-post-connect-failure</c>.
    /// </summary>
    private static readonly string[] SupportedRetryOnPolicies =
    [
        "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx", "refused-stream",
        "retriable-status-codes", "retriable-headers", "envoy-ratelimited", "http3-post-connect-failure",
        "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
    ];

    private static readonly string[] AddedInIstio123 = ["reset-before-request", "http3-post-connect-failure"];

    /// <summary>The Gateway API Duration pattern (GEP-2257) of every HTTPRoute duration in the v1.6.1 CRD.</summary>
    public const string GatewayApiDurationPattern = "^([0-9]{1,5}(h|m|s|ms)){1,4}$";

    /// <summary>Every refusal, in file order; empty when a cluster would store every object.</summary>
    public static IReadOnlyList<AdmissionRefusal> Check(MeshManifests manifests, MeshVersions? versions = null)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var v = versions ?? MeshVersions.Default;
        var refusals = new List<AdmissionRefusal>();
        foreach (var vs in manifests.VirtualServices)
        {
            refusals.AddRange(CheckVirtualService(vs, v.Istio));
        }

        foreach (var route in manifests.HttpRoutes)
        {
            refusals.AddRange(CheckHttpRoute(route, v.Channel));
        }

        return refusals;
    }

    /// <exception cref="ManifestException">A cluster would refuse an object; the message lists every refusal.</exception>
    public static void ThrowIfRefused(MeshManifests manifests, MeshVersions? versions = null)
    {
        var refusals = Check(manifests, versions);
        if (refusals.Count > 0)
        {
            throw new ManifestException(Describe(refusals));
        }
    }

    /// <summary>The refusals as one message: what a cluster would answer to <c>kubectl apply</c>, one line each.</summary>
    public static string Describe(IReadOnlyList<AdmissionRefusal> refusals) =>
        $"a cluster would refuse {(refusals.Count == 1 ? "this object" : $"these objects ({refusals.Count} errors)")}, so the run does not start:"
        + string.Concat(refusals.Select(refusal => "\n  " + refusal));

    // --- VirtualService --------------------------------------------------------------------------------------

    private static IEnumerable<AdmissionRefusal> CheckVirtualService(VirtualServiceManifest vs, IstioVersion istio)
    {
        var crd = new List<AdmissionRefusal>();
        var webhook = new List<AdmissionRefusal>();
        var subject = $"{vs.Ref.Kind} {vs.Ref.QualifiedName}";
        var file = FileOf(vs.Ref.Source);
        foreach (var http in vs.Http)
        {
            var path = $"spec.http[{http.Index}]";
            var routeSource = vs.Ref.Source;
            if (http.Timeout is { } timeout)
            {
                AddDurationRefusals(crd, webhook, istio, routeSource, subject, $"{path}.timeout", timeout);
            }

            if (http.Retries is not { } retries)
            {
                continue;
            }

            var source = retries.Line > 0 ? $"{file}:{retries.Line}" : routeSource;
            var field = $"{path}.retries";
            void Refuse(string message) => webhook.Add(new AdmissionRefusal(source, subject, field, Refuser.IstioWebhook, message));

            // validateHTTPRetry, in its order.
            if (retries.Attempts < 0)
            {
                Refuse("attempts cannot be negative");
            }

            if (retries.Attempts == 0 && (retries.PerTryTimeout is not null || !string.IsNullOrEmpty(retries.RetryOn) || retries.RetryRemoteLocalities is not null))
            {
                Refuse("http retry policy configured when attempts are set to 0 (disabled)");
            }

            if (retries.PerTryTimeout is { } perTry)
            {
                AddDurationRefusals(crd, webhook, istio, source, subject, $"{field}.perTryTimeout", perTry);
            }

            if (!string.IsNullOrEmpty(retries.RetryOn))
            {
                // strings.Split without trimming; strconv.Atoi (0 on error) then http.StatusText, else the name list.
                foreach (var policy in retries.RetryOn.Split(','))
                {
                    if (!GoStatusText.TryParseStatusCode(policy, out _) && !IsSupportedRetryOn(policy, istio))
                    {
                        Refuse($"{GoQuote(policy)} is not a valid retryOn policy");
                    }
                }
            }

            // The backoff field and its checks exist from 1.26 (earlier API servers prune it: see the translator's note).
            if (retries.Backoff is { } backoff && istio.HonoursRetryBackoff)
            {
                AddDurationRefusals(crd, webhook, istio, source, subject, $"{field}.backoff", backoff);
            }
        }

        return crd.Count > 0 ? crd : webhook;
    }

    private static bool IsSupportedRetryOn(string policy, IstioVersion istio) =>
        SupportedRetryOnPolicies.Contains(policy, StringComparer.Ordinal)
        && (istio.WebhookAcceptsResetBeforeRequest || !AddedInIstio123.Contains(policy, StringComparer.Ordinal));

    /// <summary>
    /// The CRD's CEL rule (1.23+) then the webhook's <c>agent.ValidateDuration</c>: below 1ms "duration must be greater
    /// than 1ms" (sic: 1ms itself passes), then "only durations to ms precision are supported".
    /// </summary>
    private static void AddDurationRefusals(
        List<AdmissionRefusal> crd, List<AdmissionRefusal> webhook, IstioVersion istio, string source, string subject, string field, TimeSpan duration)
    {
        if (duration < TimeSpan.FromMilliseconds(1))
        {
            if (istio.CrdValidatesDurations)
            {
                crd.Add(new AdmissionRefusal(source, subject, field, Refuser.CrdSchema,
                    $"{field}: Invalid value: \"string\": must be a valid duration greater than 1ms"));
            }

            webhook.Add(new AdmissionRefusal(source, subject, field, Refuser.IstioWebhook, "duration must be greater than 1ms"));
        }
        else if (duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            webhook.Add(new AdmissionRefusal(source, subject, field, Refuser.IstioWebhook, "only durations to ms precision are supported"));
        }
    }

    // --- HTTPRoute (Gateway API CRD) -------------------------------------------------------------------------

    private static IEnumerable<AdmissionRefusal> CheckHttpRoute(HttpRouteManifest route, GatewayApiChannel channel)
    {
        var subject = $"{route.Ref.Kind} {route.Ref.QualifiedName}";
        var file = FileOf(route.Ref.Source);
        foreach (var rule in route.Rules)
        {
            var path = $"spec.rules[{rule.Index}]";
            if (rule.Timeouts is { } timeouts)
            {
                var source = timeouts.Line > 0 ? $"{file}:{timeouts.Line}" : route.Ref.Source;
                foreach (var refusal in PatternRefusals(source, subject, $"{path}.timeouts.request", timeouts.RequestText)
                             .Concat(PatternRefusals(source, subject, $"{path}.timeouts.backendRequest", timeouts.BackendRequestText)))
                {
                    yield return refusal;
                }

                // CEL: !(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s')
                //        && duration(self.backendRequest) > duration(self.request))
                if (timeouts is { Request: { } request, BackendRequest: { } backendRequest } && request != TimeSpan.Zero && backendRequest > request)
                {
                    yield return new AdmissionRefusal(source, subject, $"{path}.timeouts", Refuser.CrdSchema,
                        $"{path}.timeouts: Invalid value: \"object\": backendRequest timeout cannot be longer than request timeout");
                }
            }

            if (rule.Retry is not { } retry || channel != GatewayApiChannel.Experimental)
            {
                continue;
            }

            var retrySource = retry.Line > 0 ? $"{file}:{retry.Line}" : route.Ref.Source;
            var field = $"{path}.retry";
            if (retry.Attempts is { } attempts && attempts < 1)
            {
                yield return new AdmissionRefusal(retrySource, subject, $"{field}.attempts", Refuser.CrdSchema,
                    $"{field}.attempts: Invalid value: {attempts}: {field}.attempts in body should be greater than or equal to 1");
            }

            var seen = new HashSet<int>();
            for (var i = 0; i < retry.Codes.Count; i++)
            {
                var code = retry.Codes[i];
                var item = $"{field}.codes[{i}]";
                if (code < 400)
                {
                    yield return new AdmissionRefusal(retrySource, subject, item, Refuser.CrdSchema,
                        $"{item}: Invalid value: {code}: {item} in body should be greater than or equal to 400");
                }
                else if (code > 599)
                {
                    yield return new AdmissionRefusal(retrySource, subject, item, Refuser.CrdSchema,
                        $"{item}: Invalid value: {code}: {item} in body should be less than or equal to 599");
                }

                // x-kubernetes-list-type: set
                if (!seen.Add(code))
                {
                    yield return new AdmissionRefusal(retrySource, subject, item, Refuser.CrdSchema, $"{item}: Duplicate value: {code}");
                }
            }

            foreach (var refusal in PatternRefusals(retrySource, subject, $"{field}.backoff", retry.BackoffText))
            {
                yield return refusal;
            }
        }
    }

    private static IEnumerable<AdmissionRefusal> PatternRefusals(string source, string subject, string field, string? text)
    {
        if (text is not null && !GatewayApiDuration().IsMatch(text))
        {
            yield return new AdmissionRefusal(source, subject, field, Refuser.CrdSchema,
                $"{field}: Invalid value: \"{text}\": {field} in body should match '{GatewayApiDurationPattern}'");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /// <summary>"file.yaml" of "file.yaml:12".</summary>
    private static string FileOf(string source)
    {
        var colon = source.LastIndexOf(':');
        return colon > 0 && long.TryParse(source.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? source[..colon] : source;
    }

    /// <summary>Go's <c>%q</c> for the strings a manifest holds: double quotes, <c>\"</c>, <c>\\</c> and escapes for control characters.</summary>
    internal static string GoQuote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                < ' ' or '\u007f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    // RegexOptions.None: .NET's $ also matches before a final newline; Go/JS patterns as Kubernetes applies them do not.
    [GeneratedRegex(@"\A([0-9]{1,5}(h|m|s|ms)){1,4}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GatewayApiDuration();
}
