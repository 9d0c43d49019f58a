using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Reading;

namespace AmbientVerify.Probes.Expectations;

/// <summary>
/// Reads an expectations file with the manifests' YAML reader, so every problem is a <see cref="ManifestException"/>
/// naming file:line: malformed YAML, an unknown key (with the known ones), a bad duration, and values the matrix cannot
/// judge by (the same rules as the command-line options: <see cref="ExpectationOptions.Validate"/>).
/// </summary>
/// <example>
/// <code>
/// defaults:                 # optional; a key not given keeps the plan's value (or the command line's)
///   timeout: 30s
///   retries: 3
/// routes:                   # optional; the first entry whose match fits a route wins
///   - match: { name: reviews }          # name or namespace/name of the HTTPRoute / VirtualService, or the report's label
///     timeout: 15s
///     retries: 0
///   - match: { host: shop.example.com, pathPrefix: /static }   # all criteria given must fit
///     expect: none                      # no behaviour matrix for these routes
/// </code>
/// </example>
public static class ExpectationsFileReader
{
    private const string Subject = "expectations";

    private static readonly string[] FileKeys = ["defaults", "routes"];
    private static readonly string[] ValueKeys = ["timeout", "retries", "perTryTimeout", "retryOn", "tolerance"];
    private static readonly string[] EntryKeys = ["match", .. ValueKeys, "expect"];
    private static readonly string[] MatchKeys = ["name", "host", "pathPrefix"];

    /// <summary>The only value of <c>expect</c>: the matrix is the default, so there is nothing else to say.</summary>
    public const string SkipMatrix = "none";

    /// <param name="plan">The values below the file (the plan's, with the command line's): per-route values are checked merged onto them.</param>
    /// <exception cref="ManifestException">The file cannot be read or says something the matrix cannot judge by.</exception>
    public static ExpectationsFile Load(string path, ExpectationOptions plan)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"{path}: the expectations file cannot be read ({e.Message})", e);
        }

        return Parse(text, path, plan);
    }

    /// <inheritdoc cref="Load"/>
    public static ExpectationsFile Parse(string text, string displayFile, ExpectationOptions plan)
    {
        var root = YamlDocuments.ReadMapping(text, displayFile, Subject);
        if (root is null)
        {
            return new ExpectationsFile(displayFile, ExpectationValues.None, null, []);
        }

        root.RefuseUnknownKeys(FileKeys);
        var defaultsMap = root.Map("defaults");
        var defaults = defaultsMap is null ? ExpectationValues.None : Values(defaultsMap, ValueKeys);
        var belowRoutes = defaults.ApplyTo(plan);
        if (defaultsMap is not null)
        {
            ThrowIfInvalid(defaultsMap, defaultsMap.Path, belowRoutes);
        }

        var entries = root.Maps("routes").Select(entry => Entry(entry, belowRoutes)).ToList();
        return new ExpectationsFile(displayFile, defaults, defaultsMap?.Source, entries);
    }

    private static RouteExpectationEntry Entry(YamlMap entry, ExpectationOptions below)
    {
        var values = Values(entry, EntryKeys);
        var match = entry.Map("match") ?? throw entry.Error(entry.Node, $"{entry.FieldPath("match")} is missing (which routes the entry is for: {string.Join(", ", MatchKeys)})");
        match.RefuseUnknownKeys(MatchKeys);
        var selector = new RouteSelector(NonEmpty(match, "name"), NonEmpty(match, "host"), NonEmpty(match, "pathPrefix"));
        if (selector is { Name: null, Host: null, PathPrefix: null })
        {
            throw match.Error(match.Node, $"{match.Path} is empty: give at least one of {string.Join(", ", MatchKeys)}");
        }

        if (selector.PathPrefix is { } prefix && !prefix.StartsWith('/'))
        {
            throw match.Error(match.Node, $"{match.FieldPath("pathPrefix")} '{prefix}' must start with /");
        }

        var skip = entry.String("expect") switch
        {
            null => false,
            SkipMatrix => true,
            var other => throw entry.Error(entry.Node, $"{entry.FieldPath("expect")} '{other}' is not known (the only value is '{SkipMatrix}': skip the behaviour matrix for these routes)"),
        };
        if (skip && values.SetsAny)
        {
            // Values beside "expect: none" would never be used: most likely the entry was meant to be two entries.
            throw entry.Error(entry.Node, $"{entry.Path} sets expect: {SkipMatrix} and {string.Join(", ", ValueKeys.Where(entry.Has))}: a skipped route is not judged, so the values would never apply");
        }

        ThrowIfInvalid(entry, entry.Path, values.ApplyTo(below));
        return new RouteExpectationEntry(selector, values, skip, entry.Path, entry.Source);
    }

    private static ExpectationValues Values(YamlMap map, IReadOnlyCollection<string> known)
    {
        map.RefuseUnknownKeys(known);
        return new ExpectationValues(
            map.Duration("timeout"),
            map.Int("retries", "retries after the first try, 0 to 10"),
            map.Duration("perTryTimeout"),
            map.String("retryOn"),
            map.Duration("tolerance"));
    }

    private static void ThrowIfInvalid(YamlMap map, string field, ExpectationOptions merged)
    {
        if (merged.Validate() is { Count: > 0 } errors)
        {
            throw map.Error(map.Node, $"{field}: {string.Join("; ", errors)}");
        }
    }

    private static string? NonEmpty(YamlMap match, string key) => match.String(key) switch
    {
        null => null,
        "" => throw match.Error(match.Node, $"{match.FieldPath(key)} is empty"),
        var value => value,
    };
}
