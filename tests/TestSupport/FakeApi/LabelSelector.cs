using System.Text.Json.Nodes;

namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>
/// The label and field selectors of a list, as <c>k8s.io/apimachinery/pkg/labels/selector.go</c> reads them:
/// <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a</c>, <c>!a</c>, <c>a in (x,y)</c>, <c>a notin (x,y)</c>, comma = and.
/// Field selectors: <c>metadata.name</c>, <c>metadata.namespace</c>, <c>spec.nodeName</c>.
/// </summary>
public static class LabelSelector
{
    public static bool Matches(JsonObject item, string? labelSelector, string? fieldSelector)
    {
        var labels = item["metadata"]?["labels"] as JsonObject;
        string? Label(string key) => labels?[key]?.GetValue<string>();
        foreach (var term in SplitTerms(labelSelector))
        {
            if (!MatchesTerm(term, Label))
            {
                return false;
            }
        }

        foreach (var term in SplitTerms(fieldSelector))
        {
            if (!MatchesTerm(term, key => key switch
                {
                    "metadata.name" => item["metadata"]?["name"]?.GetValue<string>(),
                    "metadata.namespace" => item["metadata"]?["namespace"]?.GetValue<string>(),
                    "spec.nodeName" => item["spec"]?["nodeName"]?.GetValue<string>(),
                    "status.phase" => item["status"]?["phase"]?.GetValue<string>(),
                    _ => throw new ArgumentException($"field label not supported: {key}"),
                }))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesTerm(string term, Func<string, string?> value)
    {
        term = term.Trim();
        if (term.Contains(" notin ", StringComparison.Ordinal) || term.Contains(" in ", StringComparison.Ordinal))
        {
            var negate = term.Contains(" notin ", StringComparison.Ordinal);
            var parts = term.Split(negate ? " notin " : " in ", 2);
            var set = parts[1].Trim().Trim('(', ')').Split(',').Select(s => s.Trim()).ToHashSet();
            var actual = value(parts[0].Trim());
            return negate ? actual is null || !set.Contains(actual) : actual is not null && set.Contains(actual);
        }

        if (term.Contains("!=", StringComparison.Ordinal))
        {
            var parts = term.Split("!=", 2);
            return value(parts[0].Trim()) != parts[1].Trim();
        }

        if (term.Contains('='))
        {
            var parts = term.Split(term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            return value(parts[0].Trim()) == parts[1].Trim();
        }

        return term.StartsWith('!') ? value(term[1..]) is null : value(term) is not null;
    }

    // Commas inside "in (a,b)" do not split terms.
    private static IEnumerable<string> SplitTerms(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            depth += selector[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }

        yield return selector[start..];
    }
}
