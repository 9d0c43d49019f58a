using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.Probes.Resources;

/// <summary>The processes found, and every base URL that could not say (never dropped silently).</summary>
public sealed record ProcessDirectoryResult(IReadOnlyList<SamplerTarget> Targets, IReadOnlyList<string> Problems);

/// <summary>
/// Asks each local mesh process who it is (<c>GET {base}/__process</c>, <see cref="ProcessIdentity"/>) and turns the
/// answers into sampler targets.
/// </summary>
public sealed class ProcessDirectory(HttpClient http)
{
    public const string Path = ProcessIdentity.Path;

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

                var info = await response.Content.ReadFromJsonAsync<ProcessIdentity>(Options, cancellationToken).ConfigureAwait(false);
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
