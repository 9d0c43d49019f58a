using System.Text.Json;
using System.Text.Json.Serialization;

namespace AmbientVerify.Probes.Resources;

/// <summary>A snapshot or comparison file could not be read; the message names the file and what was wrong.</summary>
public sealed class ResourceFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// <c>snapshot-&lt;mode&gt;.json</c>: <c>"kind": "ambientverify-resource-snapshot"</c>, <c>"schemaVersion": 1</c>.
/// Reading refuses another kind and a newer schema version, naming the file.
/// </summary>
public static class ResourceSnapshotFile
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Nulls are written (an unset limit reads "null", not absent) and every constructor parameter is required.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>"snapshot-sidecar.json" / "snapshot-ambient.json".</summary>
    public static string FileName(ResourceSnapshot snapshot) => $"snapshot-{snapshot.Mode.ToString().ToLowerInvariant()}.json";

    public static string ToJson(ResourceSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);

    /// <summary>Writes the snapshot into <paramref name="directory"/> (created if needed) and returns the file's path.</summary>
    public static string Write(ResourceSnapshot snapshot, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName(snapshot));
        File.WriteAllText(path, ToJson(snapshot));
        return path;
    }

    /// <exception cref="ResourceFileException">Missing, not JSON, another kind, a newer schema version, or malformed.</exception>
    public static ResourceSnapshot Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ResourceFileException($"{path}: no such snapshot file (write one with: Probes snapshot --mode sidecar|ambient --manifests DIR)");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static ResourceSnapshot Parse(string json, string source)
    {
        CheckHeader(json, source, ResourceSnapshot.DocumentKind, ResourceSnapshot.CurrentSchemaVersion);
        try
        {
            return JsonSerializer.Deserialize<ResourceSnapshot>(json, Options)
                   ?? throw new ResourceFileException($"{source}: the file holds null, not a snapshot");
        }
        catch (JsonException e)
        {
            throw new ResourceFileException($"{source}: not a valid {ResourceSnapshot.DocumentKind} v{ResourceSnapshot.CurrentSchemaVersion}: {e.Message}", e);
        }
    }

    internal static void CheckHeader(string json, string source, string kind, int supportedVersion)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ResourceFileException($"{source}: not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ResourceFileException($"{source}: expected a JSON object with \"kind\": \"{kind}\"");
            }

            var actualKind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (actualKind != kind)
            {
                throw new ResourceFileException($"{source}: kind is {(actualKind is null ? "missing" : $"'{actualKind}'")}, expected '{kind}'");
            }

            if (!root.TryGetProperty("schemaVersion", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version) || version < 1)
            {
                throw new ResourceFileException($"{source}: schemaVersion is missing or not a positive whole number (expected {supportedVersion})");
            }

            if (version > supportedVersion)
            {
                throw new ResourceFileException($"{source}: schemaVersion {version} is newer than this build reads ({supportedVersion}); use a newer AmbientVerify");
            }
        }
    }
}
