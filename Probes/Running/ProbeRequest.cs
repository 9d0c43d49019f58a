using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// What a probe sends through the gateway: method, host, path, headers and query, built from the route's own match so
/// the request is taken by that route and no other. The warm-up, the case and the tries read all send this same value
/// (the case adds the fault instruction to the query, the tries read adds <see cref="TriesHeader"/>).
/// </summary>
public sealed record ProbeRequest(
    string Method,
    string Host,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>
    /// The FaultTarget answers a request carrying this header with the tries it counted for the uuid in it, whatever the
    /// method and path, without counting it as a try (FaultTarget/README.md).
    /// </summary>
    public const string TriesHeader = "x-ambientverify-tries";

    /// <summary>The request Envoy would route, with <paramref name="extraQuery"/> (e.g. the fault instruction) appended.</summary>
    public RequestFacts ToFacts(string extraQuery = "", IEnumerable<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var (path, query) = RequestFacts.SplitTarget(PathAndQuery(extraQuery));
        return new RequestFacts(Method, Host, path, query, [.. Headers, .. extraHeaders ?? []]);
    }

    /// <summary>The HTTP request to the gateway at <paramref name="gateway"/>.</summary>
    public HttpRequestMessage ToHttpRequest(Uri gateway, string extraQuery = "", IEnumerable<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(gateway.GetLeftPart(UriPartial.Authority) + gateway.AbsolutePath.TrimEnd('/') + PathAndQuery(extraQuery)))
        {
            Headers = { Host = Host },
        };
        foreach (var (name, value) in Headers.Concat(extraHeaders ?? []))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>The tries read of the case that carried <paramref name="uuid"/>: this request, plus the tries header.</summary>
    public HttpRequestMessage ToTriesRead(Uri gateway, string uuid) => ToHttpRequest(gateway, "", [new(TriesHeader, uuid)]);

    /// <summary>"/api/orders?x=1&amp;uuid=…".</summary>
    public string PathAndQuery(string extraQuery = "")
    {
        var parts = Query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}").ToList();
        if (extraQuery.Length > 0)
        {
            parts.Add(extraQuery);
        }

        return parts.Count == 0 ? Path : $"{Path}?{string.Join("&", parts)}";
    }

    /// <remarks>A twin route's secret header (<see cref="Cluster.Twins.TwinLabels.RunHeader"/>) is shown redacted: this text goes into reports and logs.</remarks>
    public override string ToString() =>
        $"{Method} {Host}{PathAndQuery()}" + (Headers.Count > 0 ? " with " + string.Join(", ", Headers.Select(h => $"{h.Key}: {Shown(h)}")) : "");

    private static string Shown(KeyValuePair<string, string> header) =>
        string.Equals(header.Key, Cluster.Twins.TwinLabels.RunHeader, StringComparison.OrdinalIgnoreCase) ? Cluster.Twins.TwinRun.RedactedSecret : header.Value;
}
