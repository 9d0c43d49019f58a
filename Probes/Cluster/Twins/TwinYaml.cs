using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// JSON objects as multi-document YAML (what kubectl would be given). Strings that would read back as another type
/// ("8080", "true") are quoted, so the YAML means exactly the JSON.
/// </summary>
internal static class TwinYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static string Documents(IEnumerable<JsonObject> items) =>
        string.Join("---\n", items.Select(item => Serializer.Serialize(Plain(item))));

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => map.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray list => list.Select(Plain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => long.TryParse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var whole)
                ? whole
                : double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };
}
