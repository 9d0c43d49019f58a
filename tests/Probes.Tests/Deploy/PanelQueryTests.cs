using AmbientVerify.TestSupport.Grafana;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>
/// The variable expansion the dashboard evaluations rely on, as Grafana's Prometheus data source does it: All as the
/// custom All value, unescaped; a chosen value regex-escaped (<c>prometheusSpecialRegexEscape</c>); built-in intervals.
/// </summary>
public sealed class PanelQueryTests
{
    private static readonly GrafanaDashboard Verdicts = GrafanaDashboard.WithUid("ambientverify-verdicts");

    [Fact]
    public void At_all_every_variable_becomes_dot_star_and_the_rate_interval_the_given_duration()
    {
        Assert.Equal("rate(x{namespace=~\".*\",route=~\".*\"}[1m])",
            PanelQuery.Expand("rate(x{namespace=~\"$namespace\",route=~\"${route}\"}[$__rate_interval])", Verdicts, PanelQuery.Selection.All));
    }

    [Fact]
    public void A_chosen_value_is_regex_escaped_inside_the_promql_string()
    {
        // A backslash-escaped backslash before each special character: PromQL's string unescapes one level, RE2 the other.
        Assert.Equal(@"x{route=~""orders\\.v1\\(a\\|b\\)"",mode=~"".*""}",
            PanelQuery.Expand("x{route=~\"$route\",mode=~\"$mode\"}", Verdicts, PanelQuery.Selection.Of("route", "orders.v1(a|b)")));
    }

    [Fact]
    public void A_variable_the_dashboard_does_not_define_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => PanelQuery.Expand("x{pod=~\"$pod\"}", Verdicts, PanelQuery.Selection.All));

        Assert.Equal("ambientverify-verdicts.json: $pod is not a variable of the dashboard", error.Message);
    }

    [Fact]
    public void The_legend_and_the_variables_of_a_query_are_read_off_its_text()
    {
        var target = new PanelTarget("A", "sum by (route) (x{route=~\"$route\",check=~\"${check}\"}[$__rate_interval])", "{{route}} · {{ check }}", "${datasource}");

        Assert.Equal(["route", "check"], target.LegendLabels);
        Assert.Equal(["route", "check"], target.Variables);
    }
}
