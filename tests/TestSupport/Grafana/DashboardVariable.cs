using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AmbientVerify.TestSupport.Grafana;

/// <summary>A template variable (<c>templating.list[]</c>).</summary>
/// <param name="Definition">A query variable's query text: <c>label_values(selector, label)</c> here.</param>
/// <param name="AllValue">The custom All value (<c>allValue</c>); Grafana puts it into queries as it is, unescaped.</param>
public sealed partial record DashboardVariable(string Name, string Type, string? Definition, bool IncludeAll, bool Multi, string? AllValue,
    string? DatasourceUid, JsonObject Json)
{
    public static DashboardVariable From(JsonObject variable) => new(
        variable["name"]?.GetValue<string>() ?? "",
        variable["type"]?.GetValue<string>() ?? "",
        variable["definition"]?.GetValue<string>() ?? (variable["query"] is JsonObject q ? q["query"]?.GetValue<string>() : variable["query"]?.GetValue<string>()),
        variable["includeAll"]?.GetValue<bool>() ?? false,
        variable["multi"]?.GetValue<bool>() ?? false,
        variable["allValue"]?.GetValue<string>(),
        variable["datasource"]?["uid"]?.GetValue<string>(),
        variable);

    /// <summary>
    /// The selector and label of a <c>label_values(selector, label)</c> query, the Prometheus data source's "Label values"
    /// query type, which Grafana answers from <c>/api/v1/label/&lt;label&gt;/values?match[]=selector</c>
    /// (https://grafana.com/docs/grafana/latest/datasources/prometheus/template-variables/); null for any other query.
    /// </summary>
    public (string Selector, string Label)? LabelValues =>
        Definition is { } text && LabelValuesQuery().Match(text) is { Success: true } m ? (m.Groups["selector"].Value.Trim(), m.Groups["label"].Value) : null;

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*(?<label>\w+)\s*\)\s*$")]
    private static partial Regex LabelValuesQuery();
}
