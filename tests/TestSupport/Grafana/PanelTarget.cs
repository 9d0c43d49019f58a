using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AmbientVerify.TestSupport.Grafana;

/// <summary>One query of a panel (<c>targets[]</c>): its PromQL and its legend.</summary>
public sealed partial record PanelTarget(string RefId, string Expr, string LegendFormat, string? DatasourceUid)
{
    public static PanelTarget From(JsonObject target) => new(
        target["refId"]?.GetValue<string>() ?? "",
        target["expr"]?.GetValue<string>() ?? "",
        target["legendFormat"]?.GetValue<string>() ?? "",
        target["datasource"]?["uid"]?.GetValue<string>());

    /// <summary>The labels the legend names (<c>{{label}}</c>): each series must carry them, or the legend shows an empty name.</summary>
    public IReadOnlyList<string> LegendLabels => [.. LegendLabel().Matches(LegendFormat).Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>The dashboard variables the expression refers to (<c>$name</c> or <c>${name}</c>), Grafana's built-ins (<c>$__…</c>) left out.</summary>
    public IReadOnlyList<string> Variables => [.. VariableReference().Matches(Expr).Select(m => m.Groups["name"].Value)
        .Where(n => !n.StartsWith("__", StringComparison.Ordinal)).Distinct()];

    [GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial Regex LegendLabel();

    [GeneratedRegex(@"\$(?:\{(?<name>\w+)(?::\w+)?\}|(?<name>\w+))")]
    internal static partial Regex VariableReference();
}
