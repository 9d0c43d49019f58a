using System.Net.Http.Headers;
using System.Text;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>
/// A Pushgateway group: the job and the grouping labels that every series pushed into it carries, and that a
/// later push of the same group replaces as a whole (PUT).
/// </summary>
public sealed record PushGroup(string Job, IReadOnlyList<KeyValuePair<string, string>> Labels)
{
    /// <summary>The group's labels as people read them: "job=ambientverify-gate, target=local, namespace=ecommerce".</summary>
    public override string ToString() => string.Join(", ", All.Select(l => $"{l.Key}={l.Value}"));

    /// <summary>The job label first, then the others: the order of the group's URL.</summary>
    public IEnumerable<KeyValuePair<string, string>> All => Labels.Prepend(new(JobLabel, Job));

    /// <summary>The label a Pushgateway gives every series of the group for its job.</summary>
    public const string JobLabel = "job";
}

/// <summary>
/// Pushes a run's <c>metrics.prom</c> to a Prometheus Pushgateway, grouped by job, target and namespace: PUT
/// <c>&lt;URL&gt;/metrics/job/&lt;job&gt;/target/&lt;target&gt;/namespace/&lt;ns&gt;</c>, which replaces the group, so a
/// rerun replaces the last run's series instead of adding to them. A value with a '/' or an empty one goes in the
/// Pushgateway's base64 form (<c>name@base64/&lt;base64url&gt;</c>). Userinfo in the URL is sent as basic
/// authentication and never shown: <see cref="Display"/> leaves it out of every message.
/// </summary>
public static class Pushgateway
{
    /// <summary>The job of a gate's group; an audit's is <see cref="AuditJob"/>, so the two never replace each other.</summary>
    public const string GateJob = "ambientverify-gate";

    public const string AuditJob = "ambientverify-audit";

    /// <summary>The grouping labels besides the job.</summary>
    public const string TargetLabel = ProbeMetricNames.TargetLabel, NamespaceLabel = "namespace";

    /// <summary>The namespace label of a local run whose results name no namespace.</summary>
    public const string UnknownNamespace = "local";

    /// <summary>How long a push may take before it is given up (connecting included).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The group of <paramref name="report"/>: its target and namespace. A cluster run's namespace is its target's
    /// (<c>--namespace</c>, as <see cref="ClusterTarget.NamespaceOf"/> reads it back from the report); a local run's is
    /// the namespace its results name (the manifests'), several joined by commas, else <see cref="UnknownNamespace"/>.
    /// </summary>
    public static PushGroup GroupOf(RunReport report, string job)
    {
        var ns = report.Target == ClusterAuditRun.Target ? ClusterTarget.NamespaceOf(report.ManifestsDirectory) : null;
        ns ??= NamespacesNamed(report) is { Count: > 0 } named ? string.Join(',', named) : UnknownNamespace;
        return new PushGroup(job, [new(TargetLabel, report.Target), new(NamespaceLabel, ns)]);
    }

    /// <summary>The namespaces of the results' subjects (Namespace ns, Deployment ns/name, ...), sorted.</summary>
    private static List<string> NamespacesNamed(RunReport report) =>
        [.. report.Results.Select(r => r.Subject)
            .Select(s => s.Kind == Subject.NamespaceKind ? s.Name
                : s.Kind != Subject.RouteKind && s.Name.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? s.Name[..slash]
                : null)
            .OfType<string>()
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>The group's URL under <paramref name="pushgateway"/> (whose own path, if any, is kept), without userinfo.</summary>
    public static Uri GroupUrl(Uri pushgateway, PushGroup group)
    {
        var path = new StringBuilder(pushgateway.AbsolutePath.TrimEnd('/')).Append("/metrics");
        foreach (var (name, value) in group.All)
        {
            path.Append('/').Append(name);
            if (value.Length == 0 || value.Contains('/', StringComparison.Ordinal))
            {
                // base64url (RFC 4648 §5); the empty value is "=", as the Pushgateway README spells it.
                var encoded = value.Length == 0 ? "=" : Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                path.Append("@base64/").Append(encoded);
            }
            else
            {
                path.Append('/').Append(Uri.EscapeDataString(value));
            }
        }

        return new UriBuilder(pushgateway) { UserName = "", Password = "", Path = path.ToString(), Query = "", Fragment = "" }.Uri;
    }

    /// <summary>A URL as messages show it: without userinfo (a password, a token), whatever it had.</summary>
    public static string Display(Uri url) =>
        url.UserInfo.Length == 0 ? url.ToString() : new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();

    /// <summary>PUTs <paramref name="exposition"/> as the group; null when the Pushgateway took it, else why not (no secret in the words).</summary>
    public static async Task<string?> PushAsync(Uri pushgateway, PushGroup group, string exposition, CancellationToken cancellationToken)
    {
        var url = GroupUrl(pushgateway, group);
        using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(exposition, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(PrometheusTextWriter.ContentType);
        if (pushgateway.UserInfo.Length > 0)
        {
            var userInfo = pushgateway.UserInfo.Split(':', 2);
            var credentials = Uri.UnescapeDataString(userInfo[0]) + ":" + (userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = (await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false)).Trim();
            var said = body.Length == 0 ? "" : ": " + (body.Length > 300 ? body[..300] + "…" : body).ReplaceLineEndings(" ");
            return $"the Pushgateway answered {(int)response.StatusCode} {response.ReasonPhrase}{said}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {Timeout.TotalSeconds:0} s";
        }
        catch (OperationCanceledException)
        {
            return "the push was interrupted";
        }
        catch (HttpRequestException e)
        {
            return $"cannot reach it ({e.Message})";
        }
    }
}
