using System.Text.Json.Nodes;

namespace AmbientVerify.TestSupport.Grafana;

/// <summary>One threshold step (<c>fieldConfig.defaults.thresholds.steps</c>): from <see cref="Value"/> up (null: the base step), the panel shows <see cref="Color"/>.</summary>
public sealed record ThresholdStep(string Color, double? Value);

/// <summary>A panel of a dashboard: the fields the tests read, and its whole JSON for the rest.</summary>
/// <param name="DatasourceUid">The panel's <c>datasource.uid</c> (<c>${datasource}</c> in these dashboards, as Istio's spell it).</param>
/// <param name="Unit"><c>fieldConfig.defaults.unit</c>.</param>
public sealed record DashboardPanel(int Id, string Type, string Title, string? DatasourceUid, string? Unit,
    IReadOnlyList<ThresholdStep> Thresholds, IReadOnlyList<PanelTarget> Targets, JsonObject Json)
{
    public bool IsRow => Type == "row";

    public static DashboardPanel From(JsonObject panel)
    {
        var defaults = panel["fieldConfig"]?["defaults"];
        return new DashboardPanel(
            panel["id"]?.GetValue<int>() ?? 0,
            panel["type"]?.GetValue<string>() ?? "",
            panel["title"]?.GetValue<string>() ?? "",
            panel["datasource"]?["uid"]?.GetValue<string>(),
            defaults?["unit"]?.GetValue<string>(),
            [.. (defaults?["thresholds"]?["steps"]?.AsArray() ?? []).Select(s => new ThresholdStep(
                s!["color"]?.GetValue<string>() ?? "", s["value"]?.GetValue<double>()))],
            [.. (panel["targets"]?.AsArray() ?? []).Select(t => PanelTarget.From(t!.AsObject()))],
            panel);
    }

    public override string ToString() => $"panel {Id} \"{Title}\"";
}
