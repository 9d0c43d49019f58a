using System.Text.Json.Nodes;
using AmbientVerify.TestSupport.Grafana;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>
/// The dashboards under deploy/grafana/dashboards, read as Grafana's JSON model (Grafana is not installable here):
/// <see cref="DashboardRules"/> on every file, the variables issue 11 asks for, the thresholds that colour a failing
/// verdict red. Whether each query gives data is DashboardQueriesTests' job (AppHost.Tests, on a real Prometheus).
/// </summary>
public sealed class GrafanaDashboardTests
{
    public static TheoryData<string> Files() => [.. GrafanaDashboard.LoadAll().Select(d => d.File)];

    private static GrafanaDashboard Load(string file) => GrafanaDashboard.Load(Path.Combine(GrafanaDashboard.Directory, file));

    private static GrafanaDashboard Verdicts => GrafanaDashboard.WithUid("ambientverify-verdicts");

    [Fact]
    public void The_dashboards_are_the_verdicts_and_the_comparison_each_with_its_own_uid()
    {
        Assert.Equal(["ambientverify-sidecar-vs-ambient.json", "ambientverify-verdicts.json"], GrafanaDashboard.LoadAll().Select(d => d.File));
        Assert.Equal(["AmbientVerify — sidecar vs ambient", "AmbientVerify — verdicts"], GrafanaDashboard.LoadAll().Select(d => d.Title));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_dashboard_follows_the_rules(string file)
    {
        Assert.Empty(DashboardRules.Problems(Load(file)));
    }

    [Theory]
    [InlineData("ambientverify-verdicts", new[] { "datasource", "namespace", "check", "route", "mode" })]
    [InlineData("ambientverify-sidecar-vs-ambient", new[] { "datasource", "namespace", "mode" })]
    public void Each_dashboard_has_the_variables_it_filters_on(string uid, string[] variables)
    {
        Assert.Equal(variables, GrafanaDashboard.WithUid(uid).Variables.Select(v => v.Name));
    }

    [Theory]
    [InlineData("Passing", "red", 1.0)]
    [InlineData("Verdicts over time (per check, case and route)", "red", 1.0)]
    [InlineData("mTLS, capture and plaintext checks", "red", 1.0)]
    [InlineData("Gate exit code", "green", 1.0)]
    public void A_failing_verdict_turns_red(string panel, string baseColor, double greenOrRedFrom)
    {
        var steps = Verdicts.Panel(panel).Thresholds;

        Assert.Equal(2, steps.Count);
        Assert.Equal((baseColor, (double?)null), (steps[0].Color, steps[0].Value));
        // Below 1 (some result not passing) red; an exit code from 1 up red.
        Assert.Equal((baseColor == "red" ? "green" : "red", (double?)greenOrRedFrom), (steps[1].Color, steps[1].Value));
    }

    [Theory]
    [InlineData("ambientverify-sidecar-vs-ambient", "Memory saved by requests")]
    [InlineData("ambientverify-sidecar-vs-ambient", "CPU saved by usage (cores)")]
    public void A_negative_net_saving_is_red(string uid, string panel)
    {
        Assert.Equal([new ThresholdStep("red", null), new ThresholdStep("green", 0)], GrafanaDashboard.WithUid(uid).Panel(panel).Thresholds);
    }

    [Fact]
    public void The_tries_and_timeout_panels_show_the_expected_value_beside_the_observed_one()
    {
        Assert.Equal("vector(4)", Verdicts.Panel("Observed tries (expected 4 where the retry policy applies)").Targets[1].Expr);
        Assert.Equal("vector(30)", Verdicts.Panel("Observed request timeout (expected 30 s)").Targets[1].Expr);
    }

    [Fact]
    public void The_rules_find_a_duplicate_id_a_missing_unit_a_fixed_datasource_a_job_filter_and_a_selector_without_namespace()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(GrafanaDashboard.Directory, "ambientverify-verdicts.json")))!;
        JsonNode PanelNode(string title) => json["panels"]!.AsArray().Single(p => p!["title"]!.GetValue<string>() == title)!;
        PanelNode("Results by check and verdict")["id"] = PanelNode("Passing")["id"]!.GetValue<int>();
        PanelNode("Inbound connections by security policy")["fieldConfig"]!["defaults"]!["unit"] = "";
        PanelNode("Observed tries (expected 4 where the retry policy applies)")["datasource"]!["uid"] = "P1809F7CD0C75ACF3";
        PanelNode("Observed request timeout (expected 30 s)")["targets"]![0]!["expr"] = "ambientverify_observed_timeout_seconds{job=\"probes\",route=~\"$route\"}";
        var broken = GrafanaDashboard.Parse(json.ToJsonString(), "ambientverify-verdicts.json");

        var problems = DashboardRules.Problems(broken);

        string Of(string title) => $"ambientverify-verdicts.json: {broken.Panel(title)}";
        string[] expected =
        [
            $"ambientverify-verdicts.json: panel id {broken.Panel("Passing").Id} is used 2 times (\"Passing\", \"Results by check and verdict\")",
            $"{Of("Inbound connections by security policy")}: no unit (fieldConfig.defaults.unit)",
            $"{Of("Observed request timeout (expected 30 s)")}: query A filters on job, which differs per source: ambientverify_observed_timeout_seconds{{job=\"probes\",route=~\"$route\"}}",
            $"{Of("Observed request timeout (expected 30 s)")}: query A: ambientverify_observed_timeout_seconds{{job=\"probes\",route=~\"$route\"}} does not take namespace=~\"$namespace\"",
            $"{Of("Observed tries (expected 4 where the retry policy applies)")}: datasource P1809F7CD0C75ACF3, not ${{datasource}}",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_rules_find_a_unit_that_does_not_fit_the_metric_and_a_variable_without_an_all_value()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(GrafanaDashboard.Directory, "ambientverify-sidecar-vs-ambient.json")))!;
        json["panels"]!.AsArray().Single(p => p!["title"]!.GetValue<string>() == "Memory saved by requests")!["fieldConfig"]!["defaults"]!["unit"] = "s";
        json["templating"]!["list"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "mode")!.AsObject().Remove("allValue");
        var broken = GrafanaDashboard.Parse(json.ToJsonString(), "ambientverify-sidecar-vs-ambient.json");

        var problems = DashboardRules.Problems(broken);

        string[] expected =
        [
            "ambientverify-sidecar-vs-ambient.json: variable $mode: its All value must be .* (so it also matches series without the label), not Grafana's list of values",
            $"ambientverify-sidecar-vs-ambient.json: {broken.Panel("Memory saved by requests")}: unit s, but query A gives bytes|decbytes: " +
            broken.Panel("Memory saved by requests").Targets[0].Expr,
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), problems.Order(StringComparer.Ordinal));
    }
}
