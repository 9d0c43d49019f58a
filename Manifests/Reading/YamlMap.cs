using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace AmbientVerify.Manifests.Reading;

/// <summary>
/// Read access to one YAML mapping of a manifest that turns every surprise into a <see cref="ManifestException"/>
/// naming the file, the line, the object (<paramref name="subject"/>) and the field path.
/// Keys that are absent or explicitly null ("key:", "key: ~") read as "not set".
/// </summary>
internal sealed class YamlMap(YamlMappingNode node, string file, string subject, string path, string? sourceFile = null)
{
    private readonly string _sourceFile = sourceFile ?? file;

    public YamlMappingNode Node => node;

    /// <summary>"HTTPRoute ecommerce/foo rule 0": what the object is, for messages.</summary>
    public string Subject => subject;

    public long Line => node.Start.Line;

    /// <summary>The field path of this mapping inside <see cref="Subject"/>, e.g. "match[0].uri".</summary>
    public string Path => path;

    /// <summary>The same mapping described as another subject, with field paths starting again from it.</summary>
    public YamlMap As(string newSubject) => new(node, file, newSubject, "", _sourceFile);

    /// <summary>"file.yaml:line" of this mapping, with the file as the object's <see cref="Model.ObjectRef.Source"/> names it.</summary>
    public string Source => $"{_sourceFile}:{node.Start.Line}";

    /// <summary>"file.yaml:line" of one key of this mapping (of the mapping itself when the key is absent).</summary>
    public string SourceOf(string key) => $"{_sourceFile}:{(Get(key) ?? node).Start.Line}";

    /// <summary>The keys this mapping sets (null values left out), in document order.</summary>
    public IEnumerable<string> Keys => node.Children
        .Where(entry => !IsNull(entry.Value))
        .Select(entry => entry.Key)
        .OfType<YamlScalarNode>()
        .Select(key => key.Value ?? "");

    public bool Has(string key) => Get(key) is not null;

    /// <summary>
    /// Refuses a key outside <paramref name="known"/> (even one set to null), naming it and the known ones: in a file
    /// a person writes by hand, a misspelt key must not silently mean "not set".
    /// </summary>
    public void RefuseUnknownKeys(IReadOnlyCollection<string> known)
    {
        foreach (var (key, _) in node.Children)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text : "";
            if (!known.Contains(name))
            {
                throw Error(key, $"unknown key {FieldPath(name)} (known: {string.Join(", ", known)})");
            }
        }
    }

    public string? String(string key) => Get(key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value ?? "",
        var other => throw Error(other, $"{FieldPath(key)} must be a single value, not {Describe(other)}"),
    };

    public string RequiredString(string key, string expected) =>
        String(key) is { Length: > 0 } value
            ? value
            : throw Error(Get(key) ?? node, $"{FieldPath(key)} is missing ({expected})");

    public int? Int(string key, string expected)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(Get(key)!, $"{FieldPath(key)} '{text}' is not an integer ({expected})");
    }

    public int? NonNegativeInt(string key, string expected)
    {
        var value = Int(key, expected);
        return value < 0
            ? throw Error(Get(key)!, $"{FieldPath(key)} {value} must not be negative ({expected})")
            : value;
    }

    public bool? Bool(string key) => String(key) switch
    {
        null => null,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw Error(node, $"{FieldPath(key)} '{text}' is not a boolean (expected true or false)"),
    };

    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return Durations.TryParse(text, out var value)
            ? value
            : throw Error(Get(key)!, Durations.NotADuration(text, FieldPath(key)));
    }

    /// <summary>A Kubernetes CPU quantity in cores ("250m" → 0.25); null when not set.</summary>
    public double? CpuQuantity(string key) => String(key) is { } text
        ? Quantities.TryParseCpu(text, out var cores) ? cores : throw Error(Get(key)!, Quantities.NotAQuantity(text, FieldPath(key), Quantities.ExpectedCpu))
        : null;

    /// <summary>A Kubernetes memory quantity in bytes ("128Mi" → 134217728); null when not set.</summary>
    public long? MemoryQuantity(string key) => String(key) is { } text
        ? Quantities.TryParseMemory(text, out var bytes) ? bytes : throw Error(Get(key)!, Quantities.NotAQuantity(text, FieldPath(key), Quantities.ExpectedMemory))
        : null;

    public YamlMap? Map(string key) => Get(key) switch
    {
        null => null,
        YamlMappingNode mapping => new YamlMap(mapping, file, subject, FieldPath(key), _sourceFile),
        var other => throw Error(other, $"{FieldPath(key)} must be a mapping, not {Describe(other)}"),
    };

    /// <summary>A list of mappings; absent reads as empty.</summary>
    public IReadOnlyList<YamlMap> Maps(string key) =>
        Sequence(key).Select((item, index) => item is YamlMappingNode mapping
                ? new YamlMap(mapping, file, subject, $"{FieldPath(key)}[{index}]", _sourceFile)
                : throw Error(item, $"{FieldPath(key)}[{index}] must be a mapping, not {Describe(item)}"))
            .ToList();

    /// <summary>A list of single values; absent reads as empty.</summary>
    public IReadOnlyList<string> Strings(string key) =>
        Sequence(key).Select((item, index) => item is YamlScalarNode scalar
                ? scalar.Value ?? ""
                : throw Error(item, $"{FieldPath(key)}[{index}] must be a single value, not {Describe(item)}"))
            .ToList();

    /// <summary>A list of integers (e.g. status codes); absent reads as empty.</summary>
    public IReadOnlyList<int> Ints(string key, string expected) =>
        Sequence(key).Select((item, index) =>
                item is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw Error(item, $"{FieldPath(key)}[{index}] is not an integer ({expected})"))
            .ToList();

    /// <summary>A string-to-string mapping such as labels or annotations; absent reads as empty.</summary>
    public IReadOnlyDictionary<string, string> StringDictionary(string key)
    {
        var mapping = Map(key);
        if (mapping is null)
        {
            return new Dictionary<string, string>();
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (entryKey, entryValue) in mapping.Node.Children)
        {
            var name = entryKey is YamlScalarNode { Value: { } text }
                ? text
                : throw Error(entryKey, $"{FieldPath(key)} keys must be single values");
            result[name] = entryValue switch
            {
                YamlScalarNode scalar when IsNull(scalar) => "",
                YamlScalarNode scalar => scalar.Value ?? "",
                var other => throw Error(other, $"{FieldPath(key)}.{name} must be a single value, not {Describe(other)}"),
            };
        }

        return result;
    }

    public ManifestException Error(YamlNode at, string detail) =>
        new($"{file}:{at.Start.Line}: {subject}: {detail}");

    public string FieldPath(string key) => path.Length == 0 ? key : $"{path}.{key}";

    private YamlNode? Get(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    private IEnumerable<YamlNode> Sequence(string key) => Get(key) switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children,
        var other => throw Error(other, $"{FieldPath(key)} must be a list, not {Describe(other)}"),
    };

    /// <summary>Plain "", "~" and "null" are YAML's null; a quoted "" is an empty string.</summary>
    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    internal static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"the value '{scalar.Value}'",
        _ => "an alias",
    };
}
