using System.Text.Json;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// <c>--load load.json</c>: a JSON array of scenarios, each
/// <c>{"scenario":"browse","rps":50,"ok":3000,"fail":0,"latency":{"p50":0.012,"p75":…,"p95":…,"p99":…,"p999":…,"max":…,"mean":…}}</c>
/// (seconds), as LoadTests write it.
/// </summary>
public static class LoadFiguresFile
{
    /// <exception cref="ResourceFileException">Missing or malformed.</exception>
    public static IReadOnlyList<LoadFigures> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ResourceFileException($"{path}: no such load file");
        }

        try
        {
            var load = JsonSerializer.Deserialize<List<LoadFigures>>(File.ReadAllText(path), ResourceSnapshotFile.Options)
                       ?? throw new ResourceFileException($"{path}: expected a JSON array of load scenarios, got null");
            return load.Any(l => string.IsNullOrEmpty(l.Scenario) || l.Latency is null)
                ? throw new ResourceFileException($"{path}: every scenario needs a \"scenario\" name and \"latency\" figures")
                : load;
        }
        catch (JsonException e)
        {
            throw new ResourceFileException($"{path}: expected a JSON array of load scenarios ({e.Message})", e);
        }
    }
}
