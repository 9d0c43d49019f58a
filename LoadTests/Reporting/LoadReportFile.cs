using System.Text.Json;
using System.Text.Json.Serialization;

namespace AmbientVerify.LoadTests.Reporting;

/// <summary>
/// The report files of a run in one directory: load.json (versioned, for machines: read it back with <see cref="Read"/>),
/// load.md (for people) and load.csv (one row per scenario and step, for spreadsheets).
/// </summary>
public static class LoadReportFile
{
    public const string JsonName = "load.json";
    public const string MarkdownName = "load.md";
    public const string CsvName = "load.csv";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the three files into <paramref name="directory"/> (created if missing); returns the path of load.json.</summary>
    public static string Write(LoadReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, JsonName);
        File.WriteAllText(json, ToJson(report));
        File.WriteAllText(Path.Combine(directory, MarkdownName), MarkdownReport.Render(report));
        File.WriteAllText(Path.Combine(directory, CsvName), CsvReport.Render(report));
        return json;
    }

    public static string ToJson(LoadReport report) => JsonSerializer.Serialize(report, JsonOptions);

    /// <summary>Reads a load.json this or an older compatible version wrote.</summary>
    /// <exception cref="LoadReportFormatException">Not a load report, or a schema version this reader does not know.</exception>
    public static LoadReport Read(string path) => Parse(File.ReadAllText(path), path);

    public static LoadReport Parse(string json, string where = JsonName)
    {
        try
        {
            using (var document = JsonDocument.Parse(json))
            {
                if (!document.RootElement.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number)
                {
                    throw new LoadReportFormatException($"{where}: no schemaVersion: not a load report written by AmbientVerify.LoadTests");
                }

                if (version.GetInt32() is var v && v != LoadReport.CurrentSchemaVersion)
                {
                    throw new LoadReportFormatException(
                        $"{where}: schemaVersion {v} is not the one this reader knows ({LoadReport.CurrentSchemaVersion}): " +
                        (v > LoadReport.CurrentSchemaVersion ? "it was written by a newer LoadTests; update the reader" : "re-run the load test to write it anew"));
                }
            }

            return JsonSerializer.Deserialize<LoadReport>(json, JsonOptions)
                   ?? throw new LoadReportFormatException($"{where}: empty load report");
        }
        catch (JsonException e)
        {
            throw new LoadReportFormatException($"{where}: not a load report: {e.Message}");
        }
    }
}

/// <summary>A load.json that cannot be read: the message says which file and why.</summary>
public sealed class LoadReportFormatException(string message) : Exception(message);
