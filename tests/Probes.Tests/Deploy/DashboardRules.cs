using System.Text.RegularExpressions;
using AmbientVerify.TestSupport.Grafana;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>
/// What a dashboard under deploy/grafana must be, since Grafana is not installable here to load it (no Debian 12
/// package): Grafana's dashboard JSON model (unique panel ids, a 24-column grid) and the house conventions, which follow
/// Istio's dashboards (istio/istio manifests/addons/dashboards/ztunnel-dashboard.gen.json: a <c>datasource</c> variable of
/// type prometheus, every panel and query on <c>${datasource}</c>, a unit per panel). A dashboard must work on every
/// source (a local Prometheus, a cluster's, the Pushgateway's), so no query filters on job, and every AmbientVerify
/// selector takes the namespace variable.
/// </summary>
public static partial class DashboardRules
{
    public const string Datasource = "${datasource}";

    /// <summary>Each problem as "&lt;file&gt;: &lt;panel or variable&gt;: what is wrong"; empty when the dashboard follows the rules.</summary>
    public static IReadOnlyList<string> Problems(GrafanaDashboard dashboard)
    {
        var problems = new List<string>();
        void Add(string what) => problems.Add($"{dashboard.File}: {what}");

        if (dashboard.File != dashboard.Uid + ".json")
        {
            Add($"the file is not named after its uid {dashboard.Uid}");
        }

        foreach (var duplicate in dashboard.Rows.Concat(dashboard.Panels).GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            Add($"panel id {duplicate.Key} is used {duplicate.Count()} times ({string.Join(", ", duplicate.Select(p => $"\"{p.Title}\""))})");
        }

        if (dashboard.Variable("datasource") is not { Type: "datasource" } datasource || datasource.Json["query"]?.GetValue<string>() != "prometheus")
        {
            Add("no variable datasource of type datasource with query prometheus");
        }

        foreach (var variable in dashboard.Variables.Where(v => v.Type == "query"))
        {
            if (variable.DatasourceUid != Datasource)
            {
                Add($"variable ${variable.Name}: datasource {variable.DatasourceUid ?? "none"}, not {Datasource}");
            }

            if (!variable.IncludeAll || variable.AllValue != ".*")
            {
                Add($"variable ${variable.Name}: its All value must be .* (so it also matches series without the label), not {variable.AllValue ?? "Grafana's list of values"}");
            }

            if (variable.LabelValues is null)
            {
                Add($"variable ${variable.Name}: query {variable.Definition} is not label_values(selector, label)");
            }
        }

        foreach (var panel in dashboard.Panels)
        {
            problems.AddRange(PanelProblems(dashboard, panel).Select(p => $"{dashboard.File}: {panel}: {p}"));
        }

        return problems;
    }

    private static IEnumerable<string> PanelProblems(GrafanaDashboard dashboard, DashboardPanel panel)
    {
        if (panel.DatasourceUid != Datasource)
        {
            yield return $"datasource {panel.DatasourceUid ?? "none"}, not {Datasource}";
        }

        if (string.IsNullOrEmpty(panel.Unit))
        {
            yield return "no unit (fieldConfig.defaults.unit)";
        }

        if (panel.Json["gridPos"] is not { } grid || grid["x"]!.GetValue<int>() + grid["w"]!.GetValue<int>() > 24)
        {
            yield return "gridPos missing or wider than Grafana's 24 columns";
        }

        if (panel.Targets.Count == 0)
        {
            yield return "no query";
        }

        foreach (var target in panel.Targets)
        {
            if (target.DatasourceUid != Datasource)
            {
                yield return $"query {target.RefId}: datasource {target.DatasourceUid ?? "none"}, not {Datasource}";
            }

            if (JobMatcher().IsMatch(target.Expr))
            {
                yield return $"query {target.RefId} filters on job, which differs per source: {target.Expr}";
            }

            foreach (var name in target.Variables.Where(n => dashboard.Variable(n) is null))
            {
                yield return $"query {target.RefId} uses ${name}, which the dashboard does not define";
            }

            foreach (Match selector in AmbientVerifySelector().Matches(target.Expr))
            {
                if (!selector.Value.Contains("namespace=~\"$namespace\"", StringComparison.Ordinal))
                {
                    yield return $"query {target.RefId}: {selector.Value} does not take namespace=~\"$namespace\"";
                }
            }

            if (ExpectedUnit(target.Expr) is { } unit && !unit.Split('|').Contains(panel.Unit))
            {
                yield return $"unit {panel.Unit ?? "none"}, but query {target.RefId} gives {unit}: {target.Expr}";
            }
        }
    }

    /// <summary>The unit a query's result has, read off its metric names' unit suffixes (Prometheus' naming conventions); null when the name does not say.</summary>
    public static string? ExpectedUnit(string expr) => expr switch
    {
        _ when RatioOfPassing().IsMatch(expr) => "percentunit",
        _ when expr.Contains("_bytes_total", StringComparison.Ordinal) && expr.Contains("rate(", StringComparison.Ordinal) => "Bps",
        _ when expr.Contains("_bytes{", StringComparison.Ordinal) => "bytes|decbytes",
        _ when expr.Contains("_seconds", StringComparison.Ordinal) => "s",
        _ when expr.Contains("_cores{", StringComparison.Ordinal) => "short|none",
        _ => null,
    };

    [GeneratedRegex(@"\bjob\s*(=|!=|=~|!~)")]
    private static partial Regex JobMatcher();

    [GeneratedRegex(@"\bambientverify_\w+\{[^}]*\}")]
    private static partial Regex AmbientVerifySelector();

    /// <summary>sum(…check_passed…) / count(…): the share of passing results.</summary>
    [GeneratedRegex(@"^sum(?: by \([^)]*\) )?\(ambientverify_check_passed\{[^}]*\}\) / count")]
    private static partial Regex RatioOfPassing();
}
