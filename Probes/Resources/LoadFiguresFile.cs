using System.Text.Json;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// The figures a snapshot keeps of LoadTests' <c>load.json</c>: per scenario the rate, ok / fail counts and latency
/// (milliseconds in the file, seconds here). LoadTests references Probes, not the other way round, so this reads the
/// file's JSON by its field names; <c>LoadTests.Tests/Reporting/LoadFiguresContractTests.cs</c> writes a real report
/// with LoadTests' own writer and reads it back here, so a renamed field breaks a test instead of a snapshot.
/// </summary>
public static class LoadFiguresFile
{
    /// <summary>The load.json schema versions this reader understands (LoadTests' <c>LoadReport.CurrentSchemaVersion</c>).</summary>
    public const int KnownSchemaVersion = 1;

    /// <exception cref="ResourceFileException">Missing, malformed, or another schema version.</exception>
    public static IReadOnlyList<LoadFigures> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ResourceFileException($"{path}: no such load file");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw new ResourceFileException($"{path}: not a load.json written by LoadTests (no schemaVersion)");
            }

            if (version.GetInt32() != KnownSchemaVersion)
            {
                throw new ResourceFileException($"{path}: load.json schemaVersion {version.GetInt32()} is not the one this reader knows ({KnownSchemaVersion})");
            }

            return [.. root.GetProperty("scenarios").EnumerateArray().Select(Scenario)];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ResourceFileException($"{path}: not a load.json written by LoadTests ({e.Message})", e);
        }
    }

    private static LoadFigures Scenario(JsonElement scenario)
    {
        var latency = scenario.GetProperty("latency");
        double Seconds(string name) => latency.GetProperty(name).GetDouble() / 1000;
        return new LoadFigures(
            scenario.GetProperty("name").GetString() ?? throw new FormatException("a scenario without a name"),
            scenario.GetProperty("requestsPerSecond").GetDouble(),
            scenario.GetProperty("ok").GetInt64(),
            scenario.GetProperty("fail").GetInt64(),
            new LatencyFigures(Seconds("p50Ms"), Seconds("p75Ms"), Seconds("p95Ms"), Seconds("p99Ms"), Seconds("p999Ms"), Seconds("maxMs"), Seconds("meanMs")));
    }
}
