using System.Net.Http.Json;
using System.Text.Json;

namespace AmbientVerify.Probes.Resources;

/// <summary>The <c>component</c> values of <c>GET /process</c>, spelled once for the client; the endpoints' writers should use them too.</summary>
public static class ProcessComponents
{
    public const string Gateway = "gateway";
    public const string Ztunnel = "ztunnel";
    public const string Sidecar = "sidecar";

    /// <summary>The FaultTarget, one process standing in for every workload.</summary>
    public const string Workloads = "workloads";
}

/// <summary>What a local mesh process answers on <c>GET /process</c> of its admin/health endpoint.</summary>
/// <param name="Component">gateway, ztunnel, sidecar or workloads (the FaultTarget standing in for every workload).</param>
public sealed record ProcessInfo(int Pid, string Component, string Name);

/// <summary>The processes found, and every base URL that could not say (never dropped silently).</summary>
public sealed record ProcessDirectoryResult(IReadOnlyList<SamplerTarget> Targets, IReadOnlyList<string> Problems);

/// <summary>
/// Asks each local mesh process who it is (<c>GET {base}/process</c>) and turns the answers into sampler targets.
/// </summary>
public sealed class ProcessDirectory(HttpClient http)
{
    public const string Path = "/process";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>component → (kind, what the process is), spelled once.</summary>
    private static readonly IReadOnlyDictionary<string, (string Kind, string Description)> Components = new Dictionary<string, (string, string)>
    {
        [ProcessComponents.Gateway] = (ComponentKinds.Gateway, ".NET stand-in, not Envoy"),
        [ProcessComponents.Ztunnel] = (ComponentKinds.Ztunnel, ".NET stand-in, not ztunnel"),
        [ProcessComponents.Sidecar] = (ComponentKinds.Sidecar, ".NET stand-in, not Envoy"),
        [ProcessComponents.Workloads] = (ComponentKinds.Workload, ".NET FaultTarget standing in for every workload"),
    };

    public async Task<ProcessDirectoryResult> FetchAsync(IEnumerable<Uri> baseUrls, CancellationToken cancellationToken)
    {
        var targets = new List<SamplerTarget>();
        var problems = new List<string>();
        foreach (var baseUrl in baseUrls)
        {
            var url = new Uri(baseUrl, Path);
            try
            {
                using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    problems.Add($"{url}: answered {(int)response.StatusCode}, expected 200 with {{\"pid\":…,\"component\":…,\"name\":…}}");
                    continue;
                }

                var info = await response.Content.ReadFromJsonAsync<ProcessInfo>(Options, cancellationToken).ConfigureAwait(false);
                if (info is null || info.Pid <= 0 || string.IsNullOrEmpty(info.Name) || info.Component is null
                    || !Components.TryGetValue(info.Component, out var component))
                {
                    problems.Add($"{url}: expected {{\"pid\":<positive>,\"component\":\"{string.Join("|", Components.Keys)}\",\"name\":\"…\"}}, got pid {info?.Pid}, component '{info?.Component}', name '{info?.Name}'");
                    continue;
                }

                targets.Add(new SamplerTarget(component.Kind, info.Name, info.Pid, component.Description));
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                problems.Add($"{url}: {e.Message}");
            }
        }

        return new ProcessDirectoryResult(targets, problems);
    }
}
