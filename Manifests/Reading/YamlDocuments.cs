using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AmbientVerify.Manifests.Reading;

/// <summary>Splits one multi-document YAML text into Kubernetes objects (unwrapping <c>kind: List</c>).</summary>
internal static partial class YamlDocuments
{
    private const string ObjectShape = "expected a Kubernetes object with apiVersion, kind and metadata.name";

    /// <param name="displayFile">The path shown in error messages (as the user gave it).</param>
    /// <param name="sourceFile">The path recorded in <see cref="RawObject.Source"/> (relative to the directory).</param>
    public static IReadOnlyList<RawObject> Read(string text, string displayFile, string sourceFile)
    {
        var stream = Load(text, displayFile);
        var objects = new List<RawObject>();
        foreach (var document in stream.Documents)
        {
            // "---" followed by nothing (or only comments) is an empty document: helm template emits those.
            if (YamlMap.IsNull(document.RootNode))
            {
                continue;
            }

            if (document.RootNode is not YamlMappingNode root)
            {
                throw new ManifestException(
                    $"{displayFile}:{document.RootNode.Start.Line}: document is {YamlMap.Describe(document.RootNode)} ({ObjectShape})");
            }

            AddObjects(new YamlMap(root, displayFile, "document", "", sourceFile), sourceFile, objects);
        }

        return objects;
    }

    /// <summary>
    /// A file that is one YAML mapping (a settings file rather than Kubernetes objects), read with the same file:line
    /// errors; null when the file holds no document at all.
    /// </summary>
    /// <param name="subject">What the file is, for messages ("expectations").</param>
    public static YamlMap? ReadMapping(string text, string displayFile, string subject)
    {
        var stream = Load(text, displayFile);
        var documents = stream.Documents.Where(d => !YamlMap.IsNull(d.RootNode)).ToList();
        return documents switch
        {
            [] => null,
            [{ RootNode: YamlMappingNode root }] => new YamlMap(root, displayFile, subject, ""),
            [var other] => throw new ManifestException($"{displayFile}:{other.RootNode.Start.Line}: {subject}: the file is {YamlMap.Describe(other.RootNode)}, not a mapping"),
            [_, var second, ..] => throw new ManifestException($"{displayFile}:{second.RootNode.Start.Line}: {subject}: the file must be one YAML document, not several"),
        };
    }

    private static YamlStream Load(string text, string displayFile)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ManifestException($"{displayFile}:{e.Start.Line}: YAML syntax error: {WithoutLocation(e.Message)}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections ("{name: x" and a new line), without
            // a position: the last event it parsed is where the document stops making sense.
            var line = parser.Current?.End.Line ?? 1;
            throw new ManifestException($"{displayFile}:{line}: YAML syntax error: the document cannot be parsed after this line (an unclosed {{ or [ ?)", e);
        }

        return stream;
    }

    private static void AddObjects(YamlMap map, string sourceFile, List<RawObject> objects)
    {
        var kind = map.RequiredString("kind", ObjectShape);
        if (kind == "List")
        {
            foreach (var item in map.Maps("items"))
            {
                AddObjects(item.As("List item"), sourceFile, objects);
            }

            return;
        }

        var apiVersion = map.RequiredString("apiVersion", ObjectShape);
        var metadata = map.Map("metadata") ?? throw map.Error(map.Node, $"metadata is missing ({ObjectShape})");
        var name = metadata.RequiredString("name", ObjectShape);
        var ns = metadata.String("namespace");
        objects.Add(new RawObject(map, apiVersion, kind, name, string.IsNullOrEmpty(ns) ? null : ns, $"{sourceFile}:{map.Line}"));
    }

    /// <summary>YamlDotNet prefixes its messages with "(Line: 14, Col: 3, Idx: 200) - (Line: …): "; we print the line ourselves.</summary>
    private static string WithoutLocation(string message) => LocationPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex LocationPrefix();
}
